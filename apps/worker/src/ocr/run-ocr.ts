import { OcrflowError } from "@ocrflow/shared/errors";
import { prepareImage } from "./prepare-image.ts";
import { readPages } from "./read-pages.ts";
import type { OcrEngine, OcrResult, PageProgress, PageResult } from "./types.ts";

// Form feed is the page break of pdftotext and of tesseract's own multi-page text output.
export const PAGE_SEPARATOR = "\f";

export type RunOcrInput = {
  filePath: string;
  mimeType: string;
  languages: string[];
  engine: OcrEngine;
  /** Called after each page, in page order, before the next page is read. */
  onPage?: (progress: PageProgress) => Promise<void> | void;
  /** Checked between pages; an aborted run rejects with the signal's reason. */
  signal?: AbortSignal;
  /** 1-based page to resume from: earlier pages are skipped and absent from `pages`. */
  startPage?: number;
  /** PDF render scale (1 = 72 dpi), see rasterize-pdf. */
  pdfScale?: number;
  /** Documents with more pages fail before any page is read. */
  maxPages?: number;
};

/** OCRs a document page by page, holding one page image in memory at a time. */
export async function runOcr(input: RunOcrInput): Promise<OcrResult> {
  const { filePath, mimeType, languages, engine, onPage, signal, startPage, pdfScale, maxPages = Number.POSITIVE_INFINITY } = input;
  const startedAt = performance.now();
  signal?.throwIfAborted();
  const source = await readPages(filePath, mimeType, { startPage, pdfScale });
  if (source.pageCount > maxPages) {
    throw new OcrflowError("TOO_MANY_PAGES", `The document has ${source.pageCount} pages; the limit is ${maxPages}`);
  }
  const pages: PageResult[] = [];
  for await (const { page, image } of source.pages) {
    signal?.throwIfAborted();
    const prepared = await prepareImage(image);
    const ocr = await engine.recognize(prepared.image, languages);
    const result: PageResult = { page, width: prepared.width, height: prepared.height, ...ocr };
    pages.push(result);
    await onPage?.({ page, pageCount: source.pageCount, result });
  }
  return {
    pageCount: source.pageCount,
    pages,
    text: pages.map((page) => page.text).join(PAGE_SEPARATOR),
    confidence: weightedConfidence(pages),
    processingMs: Math.round(performance.now() - startedAt),
  };
}

/**
 * Mean confidence weighted by each page's word count, so a blank or nearly empty
 * page does not drag a long document's score to zero. 0 when no word was read.
 */
export function weightedConfidence(pages: Pick<PageResult, "confidence" | "words">[]): number {
  const wordCount = pages.reduce((sum, page) => sum + page.words.length, 0);
  if (wordCount === 0) return 0;
  const weighted = pages.reduce((sum, page) => sum + page.confidence * page.words.length, 0);
  return weighted / wordCount;
}
