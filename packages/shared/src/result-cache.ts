import { sha256Hex } from "./encoding.ts";

/**
 * What besides the file, its languages and the model (ocrModelIdentity)
 * changes what OCR returns. Bump a part when it changes: results stored under
 * the old key stop being reused.
 * - preprocessing: the worker's image preparation (apps/worker/src/ocr/preprocess/prepare-image.ts).
 *   2: 8-bit grey for any input, speckle removal, deskew, upscaling by recorded dpi.
 *   3: scanned PDF pages rendered at their scan's resolution (216-300 dpi), recorded in the page.
 * - mode: engine mode and page segmentation.
 */
export const OCR_PIPELINE_VERSION = {
  preprocessing: 3,
  mode: "oem-lstm/psm-auto",
} as const;

/**
 * The result-cache key of a job: the same content OCRed with the same
 * languages, model and pipeline gives the same result, so it is reused.
 * `model` is ocrModelIdentity's. Keys of results stored before the model was
 * part of them (a fixed "tesseract.js@7.0.0/tessdata-4.0.0_best_int" in its
 * place, whatever model ran) match no key computed now.
 */
export function resultCacheKey(sha256: string, languages: readonly string[], model: string): string {
  const pipeline = `${model}|${OCR_PIPELINE_VERSION.preprocessing}|${OCR_PIPELINE_VERSION.mode}`;
  return sha256Hex(`${sha256}|${[...languages].sort().join("+")}|${pipeline}`);
}
