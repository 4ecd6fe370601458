import { OcrflowError } from "@ocrflow/shared/errors";

type PdfjsObjects = Iterable<[string, unknown]>;

/**
 * Fails a rendered PDF page on which pdfjs could not decode an image. pdfjs
 * only logs a warning and draws nothing in its place (its objects keep the
 * image as null), so the page would be OCRed without the text the image holds.
 * Call after render and before the page's cleanup, which empties its objects.
 */
export function assertImagesDecoded(page: object, pageNumber: number): void {
  const { objs, commonObjs } = page as { objs?: PdfjsObjects; commonObjs?: PdfjsObjects };
  const failed = [...(objs ?? [])].filter(([, data]) => data === null).length;
  // Images shared between pages ("g_" ids) live in the document's objects.
  const failedShared = [...(commonObjs ?? [])].filter(([id, data]) => id.startsWith("g_") && data === null).length;
  const count = failed + failedShared;
  if (count > 0) {
    throw new OcrflowError(
      "CORRUPT_FILE",
      `PDF page ${pageNumber} has ${count === 1 ? "an image" : `${count} images`} that cannot be decoded`,
    );
  }
}
