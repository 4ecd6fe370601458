import { OcrflowError } from "@ocrflow/shared/errors";
import { ocrModelIdentity } from "@ocrflow/shared/model-identity";
import type { OcrEngine, OcrLogger, PageOcr, RecognizeOptions } from "../types.ts";
import { createNativeProcessPool, NativeProcessError } from "./native-process-pool.ts";
import { parseTesseractOutput } from "./parse-tesseract-output.ts";
import { type NativeTesseract, nativeEngineName } from "@ocrflow/shared/ocr-backend";
import { DEFAULT_PAGE_TIMEOUT_MS } from "./tesseract-js-engine.ts";

// As tesseract.js reads: LSTM engine only, automatic page segmentation (OCR_PIPELINE_VERSION.mode).
// LSTM only; page segmentation 3 (a page's columns and lines) or 11 (sparse text, RecognizeOptions.layout).
const ENGINE_MODE = ["--oem", "1", "--psm"];
const PAGE_SEGMENTATION = { page: "3", sparse: "11" } as const;
// What leptonica says when the bytes on stdin are not an image it can decode.
const UNREADABLE_IMAGE = /pixReadMem|cannot be read|Unsupported image type/i;

export type NativeEngineOptions = {
  tesseract: NativeTesseract;
  /** The tessdata folder a language set is read from (chooseEngine's); throws when there is none. */
  tessdataDirOf: (languages: string[]) => string;
  /** Pages read at once: one single-threaded tesseract process each. */
  concurrency: number;
  /** A page running longer has its process killed and fails with a retryable OCR_ENGINE_FAILED. */
  pageTimeoutMs?: number;
  logger?: OcrLogger;
};

/**
 * The OCR engine on native tesseract: each page is one `tesseract stdin stdout
 * hocr tsv` process fed the prepared image, in a pool of `concurrency`
 * processes. Same page result as the tesseract.js engine (words from the TSV,
 * the page's hOCR, text and mean confidence as tesseract builds them).
 */
export function createNativeOcrEngine(options: NativeEngineOptions): OcrEngine {
  const { tesseract, tessdataDirOf, concurrency, pageTimeoutMs = DEFAULT_PAGE_TIMEOUT_MS, logger } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
  }
  const pool = createNativeProcessPool({ size: concurrency, binary: tesseract.binary });
  const engineName = nativeEngineName(tesseract);
  let terminated = false;

  return {
    concurrency,

    async warmUp(languages: string[]): Promise<void> {
      const unique = [...new Set(languages)];
      // Nothing stays loaded between pages; this only checks that the languages are there.
      const tessdataDir = tessdataDirOf(unique);
      logger?.info("native OCR ready", {
        languages: unique.join("+"),
        model: ocrModelIdentity(engineName, unique, tessdataDir),
        processes: concurrency,
      });
    },

    async modelIdentity(languages: string[]): Promise<string> {
      const unique = [...new Set(languages)];
      return ocrModelIdentity(engineName, unique, tessdataDirOf(unique));
    },

    async recognize(image: Buffer, languages: string[], recognizeOptions?: RecognizeOptions): Promise<PageOcr> {
      if (terminated) throw new Error("OCR engine has been terminated");
      const unique = [...new Set(languages)];
      const args = [
        "stdin",
        "stdout",
        "--tessdata-dir",
        tessdataDirOf(unique),
        "-l",
        unique.join("+"),
        ...ENGINE_MODE,
        PAGE_SEGMENTATION[recognizeOptions?.layout ?? "page"],
        "hocr",
        "tsv",
      ];
      try {
        const stdout = await pool.run({ args, input: image, timeoutMs: pageTimeoutMs, signal: recognizeOptions?.signal });
        return parseTesseractOutput(stdout.toString("utf8"));
      } catch (error) {
        throw toError(error);
      }
    },

    async terminate(): Promise<void> {
      terminated = true;
      await pool.terminate();
    },
  };
}

function toError(error: unknown): unknown {
  if (!(error instanceof NativeProcessError)) return error;
  if (UNREADABLE_IMAGE.test(error.stderr)) {
    return new OcrflowError("CORRUPT_FILE", `Image cannot be decoded by tesseract: ${error.message}`, { cause: error });
  }
  return new OcrflowError("OCR_ENGINE_FAILED", error.message, { retryable: true, cause: error });
}
