import { createRequire } from "node:module";
import os from "node:os";
import Tesseract from "tesseract.js";
import { OcrflowError } from "@ocrflow/shared/errors";
import { resolveLanguageData } from "@ocrflow/shared/languages";
import { ocrModelIdentity } from "@ocrflow/shared/model-identity";
import type { RecyclePolicy, RecycleReason } from "./choose-recycle.ts";
import { createOrientationDetector } from "./orientation-detector.ts";
import { readPageOcr } from "./read-page-ocr.ts";
import type { OcrEngine, OcrLogger, PageOcr, RecognizeOptions } from "../types.ts";
import { createWorkerPool, type WorkerPool } from "./worker-pool.ts";

/** This engine as result-cache keys and results name it: the tesseract.js actually installed. */
export const TESSERACT_JS = `tesseract.js@${(createRequire(import.meta.url)("tesseract.js/package.json") as { version: string }).version}`;

// Tesseract's "sparse text": as much text as possible in no particular order (12 would add OSD, which needs the legacy engine).
const SPARSE_TEXT_PSM = "11";

// A dense A4 page takes 2-6 s; minutes means the worker thread is gone.
export const DEFAULT_PAGE_TIMEOUT_MS = 180_000;

export type OcrEngineOptions = {
  /** Pages recognised in parallel per language set: one tesseract.js worker thread each. Default: one per core. */
  concurrency?: number;
  /** Folder of uncompressed `<lang>.traineddata`, e.g. /usr/share/tesseract-ocr/5/tessdata. */
  tessdataDir?: string;
  /** Time limit of one page, after which its worker is replaced and the page fails with OCR_ENGINE_FAILED. */
  pageTimeoutMs?: number;
  /** When a worker is replaced by a fresh one to give back its memory; default never. */
  recycle?: RecyclePolicy;
  /** Called for each recycled worker (metrics). */
  onRecycle?: (reason: RecycleReason) => void;
  logger?: OcrLogger;
};

/** A language set's workers, and the model they loaded (ocrModelIdentity). */
type LanguagePool = { pool: WorkerPool; model: string };

/**
 * A long-lived OCR engine: one pool of tesseract.js workers per language set,
 * each loading its model once, created on first use and reused by every later
 * job until `terminate`.
 */
export function createOcrEngine(options: OcrEngineOptions = {}): OcrEngine {
  const {
    concurrency = os.availableParallelism(),
    tessdataDir,
    logger,
    pageTimeoutMs = DEFAULT_PAGE_TIMEOUT_MS,
    recycle,
    onRecycle,
  } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
  }
  const pools = new Map<string, Promise<LanguagePool>>();
  const orientation = createOrientationDetector({ timeoutMs: pageTimeoutMs, logger });
  let terminated = false;

  async function startPool(languages: string[]): Promise<LanguagePool> {
    const startedAt = performance.now();
    // Named from the files just before the workers load them.
    const model = ocrModelIdentity(TESSERACT_JS, languages, tessdataDir);
    const startWorker = workerStarter(languages, tessdataDir, logger);
    const pool = await createWorkerPool({
      size: concurrency,
      startWorker,
      timeoutMs: pageTimeoutMs,
      recycle,
      onRecycle,
      // An image tesseract cannot read leaves the worker sound; anything else may have broken it.
      keepsWorkerAfter: isImageReadError,
      logger,
    }).catch((error) => {
      throw toError(error);
    });
    logger?.info("OCR workers started", {
      languages: languages.join("+"),
      models: resolveLanguageData(languages, tessdataDir).langPath,
      model,
      workers: concurrency,
      ms: Math.round(performance.now() - startedAt),
    });
    return { pool, model };
  }

  function getPool(languages: string[]): Promise<LanguagePool> {
    const key = languages.join("+");
    let pool = pools.get(key);
    if (!pool) {
      pool = startPool(languages);
      // A failed start is not cached, so a later job can try again.
      pool.catch(() => pools.delete(key));
      pools.set(key, pool);
    }
    return pool;
  }

  return {
    concurrency,

    async warmUp(languages: string[]): Promise<void> {
      await getPool([...new Set(languages)]);
    },

    async modelIdentity(languages: string[]): Promise<string> {
      return (await getPool([...new Set(languages)])).model;
    },

    async recognize(image: Buffer, languages: string[], options: RecognizeOptions = {}): Promise<PageOcr> {
      if (terminated) throw new Error("OCR engine has been terminated");
      const { pool } = await getPool([...new Set(languages)]);
      // tesseract.js passes other keys through to tesseract as parameters, for this page only.
      const parameters = (
        options.layout === "sparse" ? { tessedit_pageseg_mode: SPARSE_TEXT_PSM } : {}
      ) as Partial<Tesseract.RecognizeOptions>;
      try {
        const result = await pool.run((worker) => worker.recognize(image, parameters, { text: true, tsv: true, hocr: true }));
        return readPageOcr(result.data);
      } catch (error) {
        throw toError(error);
      }
    },

    async detectOrientation(image: Buffer) {
      if (terminated) throw new Error("OCR engine has been terminated");
      return orientation.detect(image).catch((error: unknown) => {
        throw toError(error);
      });
    },

    async terminate(): Promise<void> {
      terminated = true;
      await orientation.terminate();
      const started = await Promise.allSettled(pools.values());
      pools.clear();
      await Promise.all(started.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value.pool.terminate()] : [])));
    },
  };
}

/**
 * Starts one tesseract.js worker with the languages' model loaded (LSTM engine, no network, no cache files),
 * from the folder resolveLanguageData picks.
 */
export function workerStarter(languages: string[], tessdataDir?: string, logger?: OcrLogger): () => Promise<Tesseract.Worker> {
  const { langPath, gzip } = resolveLanguageData(languages, tessdataDir);
  const workerOptions: Partial<Tesseract.WorkerOptions> = {
    langPath,
    gzip,
    // 'none': neither read nor write <lang>.traineddata copies in the current directory.
    cacheMethod: "none",
    // Without a handler a failed job is rethrown inside tesseract.js's message listener and kills the process.
    errorHandler: (error: unknown) => logger?.warn("tesseract.js job failed", { error: String(error) }),
  };
  return () => Tesseract.createWorker(languages, Tesseract.OEM.LSTM_ONLY, workerOptions);
}

/** tesseract.js rejects with the worker's error as a string (or an Error holding it). */
function isImageReadError(reason: unknown): boolean {
  return String(reason).includes("attempting to read image");
}

function toError(reason: unknown): Error {
  if (isImageReadError(reason)) {
    const message = reason instanceof Error ? reason.message : String(reason);
    return new OcrflowError("CORRUPT_FILE", `Image cannot be decoded by tesseract: ${message}`, { cause: reason });
  }
  return reason instanceof Error ? reason : new Error(`tesseract.js: ${String(reason)}`);
}
