import { type OwnerModel, type ResultIdentifier, understandDocument, type UnderstandWord } from "@ocrflow/shared/understand";

/** A stored page as the understanding reads it (words and identifiers as JSON). */
export type UnderstoodPage = { page: number; text: string; words: string; identifiers: string };

/**
 * The result's metadata (language, dates, amounts, vendor, identifiers,
 * category) as the JSON the Result row keeps, from the job's stored pages,
 * which are masked already, sorted by the owner's corrections when they made any.
 */
export function understandResult(pages: readonly UnderstoodPage[], ownerModel?: OwnerModel): string {
  const ordered = [...pages].sort((a, b) => a.page - b.page);
  const identifiers = ordered.flatMap((page) => JSON.parse(page.identifiers) as ResultIdentifier[]);
  const metadata = understandDocument(
    ordered.map((page) => ({ page: page.page, text: page.text, words: JSON.parse(page.words) as UnderstandWord[] })),
    identifiers,
    ownerModel,
  );
  return JSON.stringify(metadata);
}
