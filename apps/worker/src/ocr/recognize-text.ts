import Tesseract from "tesseract.js";
import { resolveLanguageData } from "@ocrflow/shared/languages";
import { OcrflowError } from "@ocrflow/shared/errors";
import { readPageOcr } from "./read-page-ocr.ts";
import type { OcrEngine, OcrLogger, PageOcr } from "./types.ts";

export type OcrEngineOptions = {
  /** Pages recognised in parallel per language set: one tesseract.js worker thread each. */
  concurrency: number;
  /** Folder of uncompressed `<lang>.traineddata`, e.g. /usr/share/tesseract-ocr/5/tessdata. */
  tessdataDir?: string;
  logger?: OcrLogger;
};

/**
 * A long-lived OCR engine: one pool of tesseract.js workers per language set,
 * created on first use and reused by every later job until `terminate`.
 */
export function createOcrEngine(options: OcrEngineOptions): OcrEngine {
  const { concurrency, tessdataDir, logger } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
  }
  const schedulers = new Map<string, Promise<Tesseract.Scheduler>>();
  let terminated = false;

  async function startScheduler(languages: string[]): Promise<Tesseract.Scheduler> {
    const { langPath, gzip } = resolveLanguageData(languages, tessdataDir);
    const startedAt = performance.now();
    const workerOptions: Partial<Tesseract.WorkerOptions> = {
      langPath,
      gzip,
      // 'none': neither read nor write <lang>.traineddata copies in the current directory.
      cacheMethod: "none",
      // Without a handler a failed job is rethrown inside tesseract.js's message listener and kills the process.
      errorHandler: (error: unknown) => logger?.warn("tesseract.js job failed", { error: String(error) }),
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: concurrency }, () => Tesseract.createWorker(languages, Tesseract.OEM.LSTM_ONLY, workerOptions)),
    );
    const workers = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    const failure = outcomes.find((outcome) => outcome.status === "rejected");
    if (failure) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw toError(failure.reason);
    }
    const scheduler = Tesseract.createScheduler();
    for (const worker of workers) scheduler.addWorker(worker);
    logger?.info("OCR workers started", {
      languages: languages.join("+"),
      workers: concurrency,
      ms: Math.round(performance.now() - startedAt),
    });
    return scheduler;
  }

  function getScheduler(languages: string[]): Promise<Tesseract.Scheduler> {
    const key = languages.join("+");
    let scheduler = schedulers.get(key);
    if (!scheduler) {
      scheduler = startScheduler(languages);
      // A failed start is not cached, so a later job can try again.
      scheduler.catch(() => schedulers.delete(key));
      schedulers.set(key, scheduler);
    }
    return scheduler;
  }

  return {
    async warmUp(languages: string[]): Promise<void> {
      await getScheduler([...new Set(languages)]);
    },

    async recognize(image: Buffer, languages: string[]): Promise<PageOcr> {
      if (terminated) throw new Error("OCR engine has been terminated");
      const scheduler = await getScheduler([...new Set(languages)]);
      try {
        const result = await scheduler.addJob("recognize", image, {}, { text: true, blocks: true, hocr: true });
        return readPageOcr(result.data);
      } catch (error) {
        throw toError(error);
      }
    },

    async terminate(): Promise<void> {
      terminated = true;
      const started = await Promise.allSettled(schedulers.values());
      schedulers.clear();
      await Promise.all(started.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value.terminate()] : [])));
    },
  };
}

/** tesseract.js rejects with the worker's error as a string. */
function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  const message = String(reason);
  if (message.includes("attempting to read image")) {
    return new OcrflowError("CORRUPT_FILE", `Image cannot be decoded by tesseract: ${message}`);
  }
  return new Error(`tesseract.js: ${message}`);
}
