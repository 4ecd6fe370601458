import type Tesseract from "tesseract.js";
import { OcrflowError } from "@ocrflow/shared/errors";
import { TimeoutError, withTimeout } from "@ocrflow/shared/timeout";
import {
  chooseRecycle,
  NEW_SLOT_AGE,
  NO_RECYCLING,
  nextRssWait,
  type RecyclePolicy,
  type RecycleReason,
  type SlotAge,
} from "./choose-recycle.ts";
import type { OcrLogger } from "../types.ts";

type Slot = { worker: Promise<Tesseract.Worker>; age: SlotAge };

const MB = 1024 * 1024;

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
  /** When a slot's worker is replaced by a fresh one between pages; default never. */
  recycle?: RecyclePolicy;
  /**
   * Whether a worker whose page failed with `error` can read the next one; when
   * not (a WASM abort, an unknown engine error), it is replaced. Default: yes.
   */
  keepsWorkerAfter?: (error: unknown) => boolean;
  /** Called once per recycled worker, e.g. to count it in the metrics. */
  onRecycle?: (reason: RecycleReason) => void;
  logger?: OcrLogger;
};

/**
 * A fixed set of tesseract.js workers, each loaded once with its language model.
 * A worker whose thread crashes leaves its promise pending forever, so every run
 * has a time limit: past it the worker is terminated and replaced, and the run
 * fails with a retryable OCR_ENGINE_FAILED.
 *
 * Recycling: after a page, a slot whose worker has read `recycle.afterPages`
 * pages, or any slot while the process is above `recycle.maxRssMb` (backing
 * off when that does not bring it under, see chooseRecycle), gets a fresh worker. The old one is idle by then, so no page fails; the fresh one
 * starts at once and only the next page on that slot waits for its model to
 * load (well under a second). It never runs beside the old one, so a recycle
 * for memory does not first add a model's worth of it.
 */
export async function createWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const { size, startWorker, timeoutMs, recycle = NO_RECYCLING, keepsWorkerAfter = () => true, onRecycle, logger } = options;
  const started = await Promise.allSettled(Array.from({ length: size }, startWorker));
  const failure = started.find((outcome) => outcome.status === "rejected");
  const workers = started.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  if (failure) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw failure.reason;
  }
  const slots: Slot[] = workers.map((worker) => ({ worker: Promise.resolve(worker), age: { ...NEW_SLOT_AGE } }));
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
    slot.age.pagesRead = 0;
    slot.worker = startWorker();
    // Rejections are seen by the next run on this slot; none may go unhandled meanwhile.
    slot.worker.catch(() => undefined);
    void broken.then((worker) => worker.terminate()).catch(() => undefined);
  };
  const recycleIfDue = (slot: Slot) => {
    slot.age.pagesRead += 1;
    const rssBytes = process.memoryUsage.rss();
    const reason = chooseRecycle(recycle, slot.age, rssBytes);
    slot.age.rssWaitPages = nextRssWait(recycle, slot.age, rssBytes, reason);
    if (!reason) return;
    logger?.info("recycling OCR worker", { reason, pagesRead: slot.age.pagesRead, rssMb: Math.round(rssBytes / MB) });
    onRecycle?.(reason);
    replace(slot);
  };

  return {
    async run(work) {
      const slot = await acquire();
      let replaced = false;
      try {
        const worker = await slot.worker.catch(() => {
          replace(slot);
          return slot.worker;
        });
        return await withTimeout(work(worker), timeoutMs, "OCR of one page");
      } catch (error) {
        if (!(error instanceof TimeoutError)) {
          if (!keepsWorkerAfter(error)) {
            logger?.warn("OCR worker failed a page; replacing it", { error: String(error).slice(0, 300) });
            replace(slot);
            replaced = true;
          }
          throw error;
        }
        replaced = true;
        logger?.warn("OCR worker did not answer; replacing it", { timeoutMs });
        replace(slot);
        throw new OcrflowError("OCR_ENGINE_FAILED", `The OCR engine did not finish a page within ${timeoutMs} ms`, {
          retryable: true,
          cause: error,
        });
      } finally {
        // A page that failed (bad image) still ran on the worker and counts; a replaced worker starts afresh.
        if (!replaced) recycleIfDue(slot);
        release(slot);
      }
    },

    async terminate() {
      free.length = 0;
      await Promise.all(slots.map((slot) => slot.worker.then((worker) => worker.terminate()).catch(() => undefined)));
    },
  };
}
