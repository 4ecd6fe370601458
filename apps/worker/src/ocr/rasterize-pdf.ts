import { pdf } from "pdf-to-img";
import { describeError, OcrflowError } from "@ocrflow/shared/errors";
import type { PageImage, PageSource } from "./types.ts";

/**
 * Scale 3 renders at 216 dpi: body text gets the 20-30 px x-height tesseract's LSTM
 * reads best, at about half the pixels and OCR time of 300 dpi (A4: 1786x2526 px,
 * an 18 MB RGBA canvas). pdf-to-img exposes no page size before rendering, so the
 * scale is fixed per document rather than capped per page.
 */
export const DEFAULT_PDF_SCALE = 3;

type PdfDocument = Awaited<ReturnType<typeof pdf>>;

/** Opens a PDF and renders its pages as PNGs one at a time, from `startPage` on. */
export async function rasterizePdf(filePath: string, options: { scale?: number; startPage?: number } = {}): Promise<PageSource> {
  const { scale = DEFAULT_PDF_SCALE, startPage = 1 } = options;
  let document: PdfDocument;
  try {
    document = await pdf(filePath, { scale, docInitParams: { verbosity: 0 } });
  } catch (error) {
    throw toInputError(error);
  }
  return { pageCount: document.length, pages: renderPages(document, startPage) };
}

async function* renderPages(document: PdfDocument, startPage: number): AsyncGenerator<PageImage> {
  for (let page = startPage; page <= document.length; page += 1) {
    let image: Buffer;
    try {
      image = await document.getPage(page);
    } catch (error) {
      throw new OcrflowError("CORRUPT_FILE", `PDF page ${page} cannot be rendered: ${describeError(error)}`, {
        cause: error,
      });
    }
    yield { page, image };
  }
}

function toInputError(error: unknown): unknown {
  // File-system errors (missing file, permissions) are not the document's fault.
  if (error instanceof Error && "syscall" in error) return error;
  if (error instanceof Error && error.name === "PasswordException") {
    return new OcrflowError("PASSWORD_PROTECTED", "PDF is password-protected", { cause: error });
  }
  return new OcrflowError("CORRUPT_FILE", `PDF cannot be opened: ${describeError(error)}`, { cause: error });
}
