import { readFile } from "node:fs/promises";
import { describeError, isOcrflowError, OcrflowError } from "@ocrflow/shared/errors";
import { assertImagesDecoded } from "./assert-images-decoded.ts";
import { assertPagePixels } from "./check-page-pixels.ts";
import { loadPdfjs, type PdfjsDocument } from "./load-pdfjs.ts";
import type { PageImage, PageSource } from "./types.ts";

/**
 * Scale 3 renders at 216 dpi: body text gets the 20-30 px x-height tesseract's LSTM
 * reads best, at about half the pixels and OCR time of 300 dpi (A4: 1786x2526 px,
 * an 18 MB RGBA canvas).
 */
export const DEFAULT_PDF_SCALE = 3;

/**
 * Opens a PDF and renders its pages as PNGs one at a time, from `startPage` on.
 * Each page's resources (decoded images, fonts) are released once it is
 * rendered, so a long PDF never sits in memory whole; the document is closed
 * when the pages have been read or the reader stops early.
 */
export async function rasterizePdf(
  filePath: string,
  options: { scale?: number; startPage?: number; maxPagePixels?: number } = {},
): Promise<PageSource> {
  const { scale = DEFAULT_PDF_SCALE, startPage = 1, maxPagePixels = Number.POSITIVE_INFINITY } = options;
  const data = new Uint8Array(await readFile(filePath));
  const pdfjs = await loadPdfjs();
  let document: PdfjsDocument;
  try {
    document = await pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
  } catch (error) {
    throw toInputError(error);
  }
  return { pageCount: document.numPages, pages: renderPages(document, scale, startPage, maxPagePixels) };
}

async function* renderPages(document: PdfjsDocument, scale: number, startPage: number, maxPagePixels: number): AsyncGenerator<PageImage> {
  try {
    for (let page = startPage; page <= document.numPages; page += 1) {
      yield { page, image: await renderPage(document, page, scale, maxPagePixels) };
    }
  } finally {
    await document.destroy();
  }
}

async function renderPage(document: PdfjsDocument, pageNumber: number, scale: number, maxPagePixels: number): Promise<Buffer> {
  try {
    const page = await document.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    assertPagePixels(viewport.width, viewport.height, maxPagePixels, pageNumber);
    const entry = document.canvasFactory.create(viewport.width, viewport.height);
    try {
      await page.render({ canvas: entry.canvas, viewport, background: "#ffffff" }).promise;
      assertImagesDecoded(page, pageNumber);
      // encode() runs off the event loop, unlike toBuffer(): BullMQ's lock renewals keep their timing.
      return await entry.canvas.encode("png");
    } finally {
      document.canvasFactory.destroy(entry);
      page.cleanup();
    }
  } catch (error) {
    if (isOcrflowError(error)) throw error;
    throw new OcrflowError("CORRUPT_FILE", `PDF page ${pageNumber} cannot be rendered: ${describeError(error)}`, { cause: error });
  }
}

function toInputError(error: unknown): unknown {
  if (error instanceof Error && error.name === "PasswordException") {
    return new OcrflowError("PASSWORD_PROTECTED", "PDF is password-protected", { cause: error });
  }
  return new OcrflowError("CORRUPT_FILE", `PDF cannot be opened: ${describeError(error)}`, { cause: error });
}
