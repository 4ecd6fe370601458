import type { SupportedMimeType } from "@ocrflow/shared/constants";
import { OcrflowError } from "@ocrflow/shared/errors";
import { assertPageCount, assertPagePixels } from "@ocrflow/shared/page-limits";
import { type FileReader, withFileReader } from "./file-reader.ts";
import { readImageHeader } from "./read-image-header.ts";
import { readPdfFacts } from "./read-pdf-facts.ts";

export interface UploadLimits {
  MAX_PAGES: number;
  MAX_PAGE_PIXELS: number;
}

/**
 * Refuses at upload, from headers and tables only (nothing is decoded), what
 * a worker would fail anyway: too many pages (422 TOO_MANY_PAGES), a page
 * too large to decode safely (422 TOO_MANY_PIXELS), a file cut short (422
 * CORRUPT_FILE), a PDF that needs a password (422 PASSWORD_PROTECTED). What cannot be read cheaply passes; the worker checks it.
 */
export async function checkUploadLimits(filePath: string, mimeType: SupportedMimeType, limits: UploadLimits): Promise<void> {
  await withFileReader(filePath, (file) => (mimeType === "application/pdf" ? checkPdf(file, limits) : checkImage(file, mimeType, limits)));
}

async function checkImage(file: FileReader, mimeType: SupportedMimeType, limits: UploadLimits): Promise<void> {
  const header = await readImageHeader(file, mimeType, limits.MAX_PAGES);
  assertPageCount(header.pageCount, limits.MAX_PAGES);
  for (const [index, { width, height }] of header.pages.entries()) assertPagePixels(width, height, limits.MAX_PAGE_PIXELS, index + 1);
  if (!header.complete) throw new OcrflowError("CORRUPT_FILE", "The image ends before its data does: the upload was cut short");
}

async function checkPdf(file: FileReader, limits: UploadLimits): Promise<void> {
  const facts = await readPdfFacts(file);
  if (!facts.complete)
    throw new OcrflowError("CORRUPT_FILE", "The PDF has no end-of-file marker in its last 1024 bytes: the upload was cut short");
  if (facts.needsPassword) throw new OcrflowError("PASSWORD_PROTECTED", "The PDF needs a password to open; upload it without one");
  if (facts.pageCount !== undefined) assertPageCount(facts.pageCount, limits.MAX_PAGES);
}
