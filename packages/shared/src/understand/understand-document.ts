import type { Category } from "./categories.ts";
import { type Classification, classifyCategory } from "./classify-category.ts";
import { type DetectedLanguage, detectLanguage } from "./detect-language.ts";
import { type FoundAmount, findAmounts } from "./find-amounts.ts";
import { type FoundDate, findDates } from "./find-dates.ts";
import { type FoundSender, findSender } from "./find-sender.ts";
import type { OwnerModel } from "./owner-classifier.ts";
import type { ResultIdentifier } from "./page-identifiers.ts";
import { linesOf, type UnderstandPage } from "./page-lines.ts";

/** What ocrflow understood of a document: the result's `metadata`. */
export type DocumentMetadata = {
  language: DetectedLanguage;
  dateOrder: "day-first" | "month-first";
  documentDate: string | null;
  dates: FoundDate[];
  currency: string | null;
  amounts: FoundAmount[];
  total: FoundAmount | null;
  vendor: FoundSender | null;
  sender: FoundSender | null;
  identifiers: ResultIdentifier[];
  category: Classification & { source: "auto" | "owner" };
};

// Categories whose sender is a seller: their header names the vendor.
const VENDOR_CATEGORIES = new Set<Category>(["invoice", "receipt"]);

/**
 * Reads the metadata of a document from its (already masked) pages and the
 * identifiers found on each page as it was read.
 */
export function understandDocument(
  pages: readonly UnderstandPage[],
  identifiers: readonly ResultIdentifier[],
  ownerModel?: OwnerModel,
): DocumentMetadata {
  const text = pages.map((page) => page.text).join("\n\n");
  const language = detectLanguage(text);
  const lines = pages.flatMap(linesOf);
  const { dates, dayFirst } = findDates(lines, language.code);
  const { amounts, total, currency } = findAmounts(lines);
  const sender = findSender(lines);
  const classification = classifyCategory({ text, identifiers, hasTotal: total !== null, ownerModel });
  return {
    language,
    dateOrder: dayFirst ? "day-first" : "month-first",
    documentDate: dates.find((date) => date.documentDate)?.date ?? null,
    dates,
    currency,
    amounts,
    total,
    vendor: VENDOR_CATEGORIES.has(classification.category) ? sender : null,
    sender,
    identifiers: [...identifiers],
    category: { ...classification, source: "auto" },
  };
}
