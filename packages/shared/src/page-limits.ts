import { OcrflowError } from "./errors.ts";

/**
 * Refuses a page too large to decode safely (a decompression bomb: a small
 * file standing for a huge bitmap) from its declared size, before any pixel
 * is decoded or rendered. Permanent: the same file fails the same way again.
 * The API checks image headers at upload, workers every page they read.
 */
export function assertPagePixels(width: number, height: number, maxPagePixels: number, page: number): void {
  const pixels = Math.round(width) * Math.round(height);
  if (pixels > maxPagePixels) {
    throw new OcrflowError(
      "TOO_MANY_PIXELS",
      `Page ${page} is ${Math.round(width)} x ${Math.round(height)} pixels (${(pixels / 1e6).toFixed(1)} MP); the limit is ${(maxPagePixels / 1e6).toFixed(1)} MP`,
    );
  }
}

/** Refuses a document with more pages than MAX_PAGES. */
export function assertPageCount(pageCount: number, maxPages: number): void {
  if (pageCount > maxPages) {
    throw new OcrflowError("TOO_MANY_PAGES", `The document has ${pageCount} pages; the limit is ${maxPages}`);
  }
}
