import type { Job } from "./db.ts";
import { decodeLanguages, sha256Hex } from "./encoding.ts";
import type { JobOptions, OcrMode, Resolution, TextLayer } from "./validators/job-options.ts";

/**
 * What besides the file, its languages and the model (ocrModelIdentity)
 * changes what OCR returns. Bump a part when it changes: results stored under
 * the old key stop being reused.
 * - preprocessing: the worker's image preparation (apps/worker/src/ocr/preprocess/prepare-image.ts).
 *   2: 8-bit grey for any input, speckle removal, deskew, upscaling by recorded dpi.
 *   3: scanned PDF pages rendered at their scan's resolution (216-300 dpi), recorded in the page.
 * - mode: engine mode and page segmentation; "+osd": pages read doubtfully are turned upright by OSD.
 */
export const OCR_PIPELINE_VERSION = {
  preprocessing: 3,
  mode: "oem-lstm/psm-auto+osd",
} as const;

/** The job options that change what is read and stored (priority and webhook do not). */
export type ReadingOptions = Pick<JobOptions, "languages" | "mode" | "resolution" | "textLayer" | "revealIdentifiers">;

/** A job row's reading options. */
export function readingOptionsOf(job: Pick<Job, "languages" | "mode" | "resolution" | "textLayer" | "revealIdentifiers">): ReadingOptions {
  return {
    languages: decodeLanguages(job.languages),
    mode: job.mode as OcrMode,
    resolution: job.resolution as Resolution,
    textLayer: job.textLayer as TextLayer,
    revealIdentifiers: job.revealIdentifiers,
  };
}

/**
 * The result-cache key of a job: the same content read with the same options,
 * model and pipeline gives the same result, so it is reused. `model` is
 * ocrModelIdentity's. The stored result holds identity numbers masked or not
 * as its job asked, so revealIdentifiers is part of the key too. Keys of
 * results stored before the model was part of them (a fixed
 * "tesseract.js@7.0.0/tessdata-4.0.0_best_int" in its place, whatever model
 * ran) match no key computed now.
 */
export function resultCacheKey(sha256: string, options: ReadingOptions, model: string): string {
  const pipeline = `${model}|${OCR_PIPELINE_VERSION.preprocessing}|${OCR_PIPELINE_VERSION.mode}`;
  const reading = [[...options.languages].sort().join("+"), options.mode, options.resolution, options.textLayer, options.revealIdentifiers];
  return sha256Hex(`${sha256}|${reading.join("|")}|${pipeline}`);
}
