import { decodeLanguages } from "@ocrflow/shared/encoding";
import type { Db } from "@ocrflow/shared/db";
import type { Logger } from "@ocrflow/shared/logger";
import type { FileStorage } from "@ocrflow/shared/storage";
import { runOcr } from "../ocr/run-ocr.ts";
import type { OcrEngine } from "../ocr/types.ts";
import { completeJob } from "./complete-job.ts";
import { markJobProcessing, recordJobProgress } from "./job-events.ts";
import { storePage } from "./store-page.ts";

export interface OcrJobDeps {
  db: Db;
  storage: FileStorage;
  engine: OcrEngine;
  logger: Logger;
  maxPages: number;
  pdfScale?: number;
}

export interface OcrAttempt {
  jobId: string;
  /** 1 for the first attempt. */
  attempt: number;
  reportProgress: (progress: number) => Promise<void>;
  signal?: AbortSignal;
}

/** Progress stays below 100 until the result is stored. */
function progressAfter(page: number, pageCount: number): number {
  return Math.min(99, Math.floor((page / pageCount) * 100));
}

/** Runs one attempt of an OCR job: every page, each stored as it is done, then the result. */
export async function processOcrJob(deps: OcrJobDeps, attempt: OcrAttempt): Promise<void> {
  const { db, storage, engine, logger } = deps;
  const job = await db.job.findUnique({ where: { id: attempt.jobId }, include: { document: true } });
  if (!job) {
    logger.warn("job row not found; dropping queue entry", { jobId: attempt.jobId });
    return;
  }
  if (!(await markJobProcessing(db, job.id, attempt.attempt))) {
    logger.info("job no longer runnable; skipped", { jobId: job.id, status: job.status });
    return;
  }
  const result = await runOcr({
    filePath: storage.pathOf(job.document.storageKey),
    mimeType: job.document.mimeType,
    languages: decodeLanguages(job.languages),
    engine,
    pdfScale: deps.pdfScale,
    maxPages: deps.maxPages,
    signal: attempt.signal,
    onPage: async ({ page, pageCount, result: pageResult }) => {
      await storePage(db, job.id, pageResult);
      const progress = progressAfter(page, pageCount);
      await recordJobProgress(db, job.id, progress);
      await attempt.reportProgress(progress);
      logger.debug("page done", { jobId: job.id, page, pageCount });
    },
  });
  await completeJob(db, job, result);
  logger.info("job completed", { jobId: job.id, pageCount: result.pageCount, processingMs: result.processingMs });
}
