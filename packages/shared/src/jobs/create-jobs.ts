import { randomUUID } from "node:crypto";
import type { Db, Job } from "../db.ts";
import { encodeLanguages } from "../encoding.ts";
import { ocrModelIdentity, TESSERACT_JS_ENGINE } from "../model-identity.ts";
import { resultCacheKey } from "../result-cache.ts";
import type { JobOptions } from "../validators/job-options.ts";
import { owedWebhookState } from "../webhooks/webhook-outbox.ts";
import { findCachedResults } from "./find-cached-results.ts";
import { insertJob } from "./insert-job.ts";

export interface NewJobsInput {
  ownerId: string;
  options: JobOptions;
  maxAttempts: number;
  /** One job per document, in this order; the same document may appear twice. */
  documents: readonly { id: string; sha256: string }[];
  /** The API's TESSDATA_DIR: the model workers are assumed to load is looked up as they do. */
  tessdataDir?: string;
  /** The model workers are assumed to read a language set with (their OCR_ENGINE's choice); default: tesseract.js's from tessdataDir. */
  modelOf?: (languages: readonly string[]) => string;
  /** Creates this batch row with the jobs, in the same transaction. */
  batchId?: string;
  /** Told of every cache lookup, for the hit and miss counters of /metrics. */
  onCacheLookup?: (hit: boolean) => void;
}

/**
 * Writes the rows of new jobs in one transaction. A job whose content and
 * languages were OCRed before is created completed (`cached`), with copies of
 * the stored result and pages; every other job is `queued` and still needs
 * enqueueing (see enqueueJobs). Returns the jobs in the order of `documents`.
 */
export async function createJobs(db: Db, input: NewJobsInput): Promise<Job[]> {
  const { ownerId, options, documents, batchId } = input;
  // A worker configured otherwise stores its results under its own model's key: they can only miss here, never answer wrongly.
  const model = input.modelOf?.(options.languages) ?? ocrModelIdentity(TESSERACT_JS_ENGINE, options.languages, input.tessdataDir);
  const cacheKeys = documents.map((document) => resultCacheKey(document.sha256, options, model));
  const cache = await findCachedResults(db, cacheKeys);
  const now = new Date();
  const common = {
    ownerId,
    batchId: batchId ?? null,
    priority: options.priority,
    languages: encodeLanguages(options.languages),
    mode: options.mode,
    resolution: options.resolution,
    textLayer: options.textLayer,
    revealIdentifiers: options.revealIdentifiers,
    webhookUrl: options.webhookUrl ?? null,
    webhookState: owedWebhookState(options.webhookUrl),
    maxAttempts: input.maxAttempts,
    createdAt: now,
  };
  const rows = documents.map((document, index) => {
    const cacheKey = cacheKeys[index];
    const hit = cache.has(cacheKey);
    input.onCacheLookup?.(hit);
    const state = hit
      ? { status: "completed", cached: true, progress: 100, startedAt: now, finishedAt: now }
      : { status: "queued", cached: false, progress: 0 };
    return { id: randomUUID(), documentId: document.id, cacheKey, ...common, ...state };
  });

  const hits = rows.flatMap((row) => {
    const cached = cache.get(row.cacheKey);
    return cached ? [{ row, cached }] : [];
  });
  const results = hits.map(({ row, cached: { result } }) => ({
    jobId: row.id,
    text: result.text,
    confidence: result.confidence,
    pageCount: result.pageCount,
    processingMs: result.processingMs,
    engine: result.engine,
    metadata: result.metadata,
    createdAt: now,
  }));
  const pages = hits.flatMap(({ row, cached }) => cached.pages.map((page) => ({ ...page, jobId: row.id })));
  // A new owner's copy of known content learns its page count from the cache.
  const pageCounts = new Map(hits.map(({ row, cached }) => [row.documentId, cached.result.pageCount]));

  // One INSERT is atomic alone; a transaction (a BEGIN and COMMIT more, and
  // on SQLite the write lock for its whole span) is only for several writes.
  // createManyAndReturn opens one itself, so a lone job is a plain INSERT.
  const oneStatement = !batchId && hits.length === 0 && rows.length === 1;
  const created = oneStatement
    ? [await insertJob(db, rows[0]!)]
    : await db.$transaction(async (tx) => {
        if (batchId) await tx.batch.create({ data: { id: batchId, ownerId, createdAt: now } });
        const jobs = await tx.job.createManyAndReturn({ data: rows });
        if (results.length > 0) await tx.result.createMany({ data: results });
        if (pages.length > 0) await tx.jobPage.createMany({ data: pages });
        for (const [id, pageCount] of pageCounts) {
          await tx.document.updateMany({ where: { id, pageCount: null }, data: { pageCount } });
        }
        return jobs;
      });
  const byId = new Map(created.map((job) => [job.id, job]));
  return rows.map((row) => byId.get(row.id)!);
}

/** Removes jobs this request created (their pages and results too), and their batch. */
export async function discardJobs(db: Db, jobIds: readonly string[], batchId?: string): Promise<void> {
  const ids = [...jobIds];
  await db.$transaction(async (tx) => {
    await tx.jobPage.deleteMany({ where: { jobId: { in: ids } } });
    await tx.result.deleteMany({ where: { jobId: { in: ids } } });
    await tx.job.deleteMany({ where: { id: { in: ids } } });
    if (batchId) await tx.batch.deleteMany({ where: { id: batchId } });
  });
}
