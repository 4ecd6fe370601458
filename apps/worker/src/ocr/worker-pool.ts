import type Tesseract from "tesseract.js";
import { OcrflowError } from "@ocrflow/shared/errors";
import { TimeoutError, withTimeout } from "@ocrflow/shared/timeout";
import type { OcrLogger } from "./types.ts";

type Slot = { worker: Promise<Tesseract.Worker> };

export type WorkerPool = {
  /** Runs `work` on a free worker, waiting for one in arrival order. */
  run<T>(work: (worker: Tesseract.Worker) => Promise<T>): Promise<T>;
  terminate(): Promise<void>;
};

export type WorkerPoolOptions = {
  size: number;
  startWorker: () => Promise<Tesseract.Worker>;
  /** A page still running after this is taken as a hung or crashed thread. */
  timeoutMs: number;
  logger?: OcrLogger;
};

/**
 * A fixed set of tesseract.js workers, each loaded once with its language model.
 * A worker whose thread crashes leaves its promise pending forever, so every run
 * has a time limit: past it the worker is terminated and replaced, and the run
 * fails with a retryable OCR_ENGINE_FAILED.
 */
export async function createWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const { size, startWorker, timeoutMs, logger } = options;
  const started = await Promise.allSettled(Array.from({ length: size }, startWorker));
  const failure = started.find((outcome) => outcome.status === "rejected");
  const workers = started.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  if (failure) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw failure.reason;
  }
  const slots: Slot[] = workers.map((worker) => ({ worker: Promise.resolve(worker) }));
  const free = [...slots];
  const waiting: ((slot: Slot) => void)[] = [];

  const acquire = (): Promise<Slot> => {
    const slot = free.shift();
    return slot ? Promise.resolve(slot) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else free.push(slot);
  };
  const replace = (slot: Slot) => {
    const broken = slot.worker;
    slot.worker = startWorker();
    // Rejections are seen by the next run on this slot; none may go unhandled meanwhile.
    slot.worker.catch(() => undefined);
    void broken.then((worker) => worker.terminate()).catch(() => undefined);
  };

  return {
    async run(work) {
      const slot = await acquire();
      try {
        const worker = await slot.worker.catch(() => {
          replace(slot);
          return slot.worker;
        });
        return await withTimeout(work(worker), timeoutMs, "OCR of one page");
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        logger?.warn("OCR worker did not answer; replacing it", { timeoutMs });
        replace(slot);
        throw new OcrflowError("OCR_ENGINE_FAILED", `The OCR engine did not finish a page within ${timeoutMs} ms`, {
          retryable: true,
          cause: error,
        });
      } finally {
        release(slot);
      }
    },

    async terminate() {
      free.length = 0;
      await Promise.all(slots.map((slot) => slot.worker.then((worker) => worker.terminate()).catch(() => undefined)));
    },
  };
}
