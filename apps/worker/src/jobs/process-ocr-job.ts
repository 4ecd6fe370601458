import type { Db } from "@ocrflow/shared/db";
import { errorFields, type Logger, runWithLogContext } from "@ocrflow/shared/logger";
import { readingOptionsOf, resultCacheKey } from "@ocrflow/shared/result-cache";
import { type FileStorage, pageImageStorage } from "@ocrflow/shared/storage";
import { enqueueWebhooks, type WebhookOutbox } from "@ocrflow/shared/webhooks";
import { type StoredPageColumns, startAttempt, storePage } from "@ocrflow/shared/jobs";
import { type ResultIdentifier, readPageIdentifiers } from "@ocrflow/shared/understand";
import { JobStoppedError, stopUnlessApplied } from "../job-loop/attempt-errors.ts";
import { untilAborted } from "../job-loop/until-aborted.ts";
import type { WorkerMetrics } from "../metrics/worker-metrics.ts";
import { coverBoxes } from "../ocr/preprocess/cover-boxes.ts";
import { runOcr } from "../ocr/run-ocr.ts";
import type { OcrEngine, PageResult } from "../ocr/types.ts";
import { firstUnfinishedPage } from "./assemble-result.ts";
import { completeJob } from "./complete-job.ts";
import { watchPages } from "./watch-pages.ts";

export interface OcrJobDeps {
  db: Db;
  storage: FileStorage;
  engine: OcrEngine;
  logger: Logger;
  maxPages: number;
  /** Pixels a page may have (width x height as decoded or rendered). */
  maxPagePixels?: number;
  /** One page running longer fails the attempt as retryable. */
  pageTimeoutMs: number;
  /** How long the writes that end an attempt are retried while the database is unreachable. */
  dbWriteRetryMs: number;
  pdfScale?: number;
  /** Counters for /metrics (pages here; attempts and failures where an attempt ends). */
  metrics?: WorkerMetrics;
  /** Where the webhooks of finished jobs are enqueued (webhooks/). */
  webhooks?: WebhookOutbox;
}

export interface OcrAttempt {
  jobId: string;
  /** 1 for the first attempt. */
  attempt: number;
  reportProgress: (progress: number) => Promise<void>;
  /** Aborted when the job is cancelled, runs out of time, or is handed back. */
  signal: AbortSignal;
}

/** A page's row: words and identifiers as JSON, as the database keeps them, and where its preview is stored. */
function storedPageOf(page: PageResult, imageKey: string | null, identifiers: ResultIdentifier[]): StoredPageColumns {
  const { page: number, text, confidence, width, height, words, hocr, source = "ocr", rotation } = page;
  return {
    page: number,
    text,
    confidence,
    width,
    height,
    words: JSON.stringify(words),
    hocr,
    imageKey,
    source,
    rotation,
    identifiers: JSON.stringify(identifiers),
  };
}

/**
 * Stores a page's preview; the text matters more, so a preview that cannot be
 * stored is logged and left out. One whose page is then not stored (the job
 * stopped) is an orphan that the API's storage clean-up removes.
 */
async function storePreview(pageImages: FileStorage, preview: Buffer, logger: Logger): Promise<string | null> {
  try {
    return await pageImages.storeBuffer(preview);
  } catch (error) {
    logger.warn("page preview not stored", errorFields(error));
    return null;
  }
}

/** The boxes of the identifiers masked in the text, to cover in the page's image too. */
function maskedBoxes(identifiers: readonly ResultIdentifier[]) {
  return identifiers.flatMap((identifier) => (identifier.masked && identifier.box ? [identifier.box] : []));
}

/** Progress stays below 100 until the result is stored. */
function progressAfter(page: number, pageCount: number): number {
  return Math.min(99, Math.floor((page / pageCount) * 100));
}

/**
 * Runs one attempt of an OCR job. Pages already stored by an earlier attempt
 * are not read again: OCR resumes at the first unfinished page, each page is
 * stored as it is done, and the result is assembled from every stored page.
 * Every line logged meanwhile, however deep, carries the job id.
 */
export function processOcrJob(deps: OcrJobDeps, attempt: OcrAttempt): Promise<void> {
  return runWithLogContext({ jobId: attempt.jobId }, () => runOcrJobAttempt(deps, attempt));
}

async function runOcrJobAttempt(deps: OcrJobDeps, attempt: OcrAttempt): Promise<void> {
  const { db, storage, engine, logger } = deps;
  const job = await db.job.findUnique({ where: { id: attempt.jobId }, include: { document: true } });
  if (!job) {
    logger.warn("job row not found; dropping queue entry", { jobId: attempt.jobId });
    return;
  }
  const started = await startAttempt(db, job.id, attempt.attempt);
  if (!started.applied) {
    if (started.state === "completed") return;
    throw new JobStoppedError(job.id, started.state);
  }
  const stored = await db.jobPage.findMany({ where: { jobId: job.id }, select: { page: true } });
  const startPage = firstUnfinishedPage(stored.map((page) => page.page));
  if (startPage > 1) logger.info("resuming job", { jobId: job.id, startPage });

  const pageImages = pageImageStorage(storage);
  const reading = readingOptionsOf(job);
  const { languages } = reading;
  const watch = watchPages(attempt.signal, deps.pageTimeoutMs, startPage);
  try {
    const run = runOcr({
      filePath: storage.pathOf(job.document.storageKey),
      mimeType: job.document.mimeType,
      languages,
      engine,
      mode: reading.mode,
      pdfScale: deps.pdfScale,
      maxPages: deps.maxPages,
      maxPagePixels: deps.maxPagePixels,
      startPage,
      signal: watch.signal,
      pagePreviews: true,
      textLayer: reading.textLayer,
      onPage: async ({ page, pageCount, result: pageResult }) => {
        // An attempt given up while this page ran writes nothing more.
        watch.signal.throwIfAborted();
        const progress = progressAfter(page, pageCount);
        // Cards, Aadhaar and MRZ numbers are masked before the page is stored, so no output built from it shows them.
        const { page: masked, identifiers } = readPageIdentifiers(pageResult, job.revealIdentifiers);
        const preview = pageResult.preview && (await coverBoxes(pageResult.preview, pageResult.width, maskedBoxes(identifiers)));
        const imageKey = preview ? await storePreview(pageImages, preview, logger) : null;
        stopUnlessApplied(job.id, await storePage(db, job.id, storedPageOf(masked, imageKey, identifiers), progress));
        watch.pageDone(page + 1);
        deps.metrics?.pagesProcessed(1);
        await attempt.reportProgress(progress);
        logger.debug("page done", { jobId: job.id, page, pageCount });
      },
    });
    const result = await untilAborted(run, watch.signal);
    // Keyed by the model this worker loaded, whatever the API assumed at submit: a differently configured host's results never answer for ours.
    const model = await engine.modelIdentity(languages);
    await completeJob(db, job, { ...result, model, cacheKey: resultCacheKey(job.document.sha256, reading, model) }, deps.dbWriteRetryMs);
    await enqueueWebhooks(deps.webhooks, [job]);
    logger.info("job completed", { jobId: job.id, pageCount: result.pageCount, startPage, processingMs: result.processingMs });
  } finally {
    watch.stop();
  }
}
