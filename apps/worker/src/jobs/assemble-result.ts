import { OcrflowError } from "@ocrflow/shared/errors";
import { PAGE_SEPARATOR, weightedConfidence } from "../ocr/run-ocr.ts";
import type { OcrWord } from "../ocr/types.ts";

/** A page as stored in the database (words as JSON). */
export type StoredPage = { page: number; text: string; confidence: number; words: string };

/** The first page (1-based) not stored yet: a retried or recovered job resumes there. */
export function firstUnfinishedPage(storedPages: Iterable<number>): number {
  const stored = new Set(storedPages);
  let page = 1;
  while (stored.has(page)) page += 1;
  return page;
}

/**
 * The job's text and mean confidence from its stored pages, whichever
 * attempts read them. Every page 1..pageCount must be there; a gap is a
 * retryable failure (the next attempt reads the missing pages).
 */
export function assembleResult(pages: readonly StoredPage[], pageCount: number): { text: string; confidence: number } {
  const byNumber = new Map(pages.map((page) => [page.page, page]));
  const ordered: StoredPage[] = [];
  for (let number = 1; number <= pageCount; number += 1) {
    const page = byNumber.get(number);
    if (!page) throw new OcrflowError("OCR_FAILED", `Page ${number} of ${pageCount} was not stored`, { retryable: true });
    ordered.push(page);
  }
  return {
    text: ordered.map((page) => page.text).join(PAGE_SEPARATOR),
    confidence: weightedConfidence(ordered.map((page) => ({ confidence: page.confidence, words: JSON.parse(page.words) as OcrWord[] }))),
  };
}
