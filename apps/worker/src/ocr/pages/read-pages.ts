import { stat } from "node:fs/promises";
import { isSupportedMimeType } from "@ocrflow/shared/constants";
import { OcrflowError } from "@ocrflow/shared/errors";
import { rasterizePdf } from "../pdf/rasterize-pdf.ts";
import { readImagePages } from "./read-image-pages.ts";
import type { PageSource, ReadPagesOptions } from "../types.ts";

/**
 * The pages of a document as images, decoded lazily one page at a time.
 * `pageCount` is the whole document's; `pages` starts at `startPage` (1-based).
 */
export async function readPages(filePath: string, mimeType: string, options: ReadPagesOptions = {}): Promise<PageSource> {
  const { startPage = 1, pdfScale, maxPagePixels = Number.POSITIVE_INFINITY } = options;
  if (!Number.isInteger(startPage) || startPage < 1) {
    throw new RangeError(`startPage must be an integer >= 1, got ${startPage}`);
  }
  if (!isSupportedMimeType(mimeType)) {
    throw new OcrflowError("UNSUPPORTED_CONTENT", `Content type ${mimeType} cannot be OCRed`);
  }
  // Fails with the file-system error (ENOENT...) before any decoder blames the content.
  await stat(filePath);
  if (mimeType === "application/pdf")
    return rasterizePdf(filePath, { scale: pdfScale, startPage, maxPagePixels, skipPage: options.skipPage });
  return readImagePages(filePath, startPage, maxPagePixels);
}
