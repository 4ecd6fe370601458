import { randomUUID } from "node:crypto";
import type { Db, Job } from "../db.ts";
import { assertLanguagesUsable, type LanguageCatalog } from "../languages.ts";
import type { Logger } from "../logger.ts";
import type { JobOptions } from "../validators/job-options.ts";
import { assertWebhookUrlAccepted } from "../webhooks/accept-webhook-url.ts";
import { enqueueWebhooks, type WebhookOutbox } from "../webhooks/webhook-outbox.ts";
import { createJobs, discardJobs } from "./create-jobs.ts";
import { enqueueJobs, type OcrQueues } from "./job-queues.ts";

export interface SubmitJobsDeps {
  db: Db;
  queues: OcrQueues;
  logger: Logger;
  languages: LanguageCatalog;
  webhooks: WebhookOutbox;
  maxAttempts: number;
  /** Told of every result-cache lookup (the hit and miss counters of /metrics). */
  onCacheLookup?: (hit: boolean) => void;
}

export interface SubmittedJobs {
  jobs: Job[];
  /** The batch the jobs were made in, when asked for one. */
  batch?: { id: string; jobIds: string[]; total: number };
}

/**
 * Submits one job per document (found and owned by the caller), in one
 * batch when `batch` is set: the rows are written first (the database is the
 * source of truth), in one transaction when there are several, then enqueued
 * with one addBulk per queue. Content already OCRed with the same options is
 * answered from the result cache, completed at once and never enqueued. When
 * the queue refuses, the rows (and the batch) are removed again and the
 * caller gets its 503: nothing is left half-created.
 */
export async function submitJobs(
  deps: SubmitJobsDeps,
  ownerId: string,
  documents: readonly { id: string; sha256: string }[],
  options: JobOptions & { batch?: boolean },
): Promise<SubmittedJobs> {
  assertLanguagesUsable(deps.languages, options.languages);
  assertWebhookUrlAccepted(deps.webhooks.settings, options.webhookUrl);
  const batchId = options.batch ? randomUUID() : undefined;
  const jobs = await createJobs(deps.db, {
    ownerId,
    options,
    maxAttempts: deps.maxAttempts,
    tessdataDir: deps.languages.tessdataDir,
    modelOf: deps.languages.modelOf,
    onCacheLookup: deps.onCacheLookup,
    documents,
    batchId,
  });
  const jobIds = jobs.map((job) => job.id);
  try {
    await enqueueJobs(deps, jobs);
  } catch (error) {
    await discardJobs(deps.db, jobIds, batchId);
    throw error;
  }
  await enqueueWebhooks(deps.webhooks, jobs);
  return { jobs, batch: batchId ? { id: batchId, jobIds, total: jobs.length } : undefined };
}
