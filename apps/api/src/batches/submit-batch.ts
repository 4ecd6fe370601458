import { randomUUID } from "node:crypto";
import type { Db, Job } from "@ocrflow/shared/db";
import type { Logger } from "@ocrflow/shared/logger";
import type { JobOptions } from "@ocrflow/shared/validators";
import { assertWebhookUrlAccepted, enqueueWebhooks, type WebhookOutbox } from "@ocrflow/shared/webhooks";
import { createJobs, discardJobs } from "../jobs/create-jobs.ts";
import { enqueueJobs } from "../jobs/enqueue-jobs.ts";
import type { ApiMetrics } from "../metrics/api-metrics.ts";
import type { OcrQueues } from "../queue/ocr-queues.ts";

export interface SubmitBatchDeps {
  db: Db;
  queues: OcrQueues;
  logger: Logger;
  maxAttempts: number;
  metrics?: Pick<ApiMetrics, "recordCacheLookup">;
  webhooks: WebhookOutbox;
}

export interface SubmittedBatch {
  batch: { id: string; jobIds: string[]; total: number };
  jobs: Job[];
}

/**
 * One batch row and one job per document, written in one transaction, then
 * enqueued with one addBulk per queue. When enqueueing fails the batch and
 * its jobs are removed again (a 503 for the caller): nothing half-created.
 * The caller has checked the documents and the languages.
 */
export async function submitBatch(
  deps: SubmitBatchDeps,
  ownerId: string,
  documents: readonly { id: string; sha256: string }[],
  options: JobOptions,
): Promise<SubmittedBatch> {
  assertWebhookUrlAccepted(deps.webhooks.settings, options.webhookUrl);
  const batchId = randomUUID();
  const jobs = await createJobs(deps.db, {
    ownerId,
    options,
    maxAttempts: deps.maxAttempts,
    onCacheLookup: deps.metrics?.recordCacheLookup,
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
  return { batch: { id: batchId, jobIds, total: jobs.length }, jobs };
}
