import { subscribeToJobCancels } from "@ocrflow/shared/job-control";
import { type Logger, throttledErrorLog } from "@ocrflow/shared/logger";
import { OCR_QUEUE_NAMES } from "@ocrflow/shared/queues";
import { enqueueWebhooks, type WebhookSettings } from "@ocrflow/shared/webhooks";
import { JobStoppedError } from "./job-loop/attempt-errors.ts";
import { type JobLoop, startJobLoop } from "./job-loop/job-loop.ts";
import { recordFailure } from "./jobs/record-failure.ts";
import type { OcrJobDeps } from "./jobs/process-ocr-job.ts";
import { createOcrDocumentProcessor } from "./processors/ocr-document.processor.ts";
import { startWebhookDelivery } from "./webhooks/start-webhook-delivery.ts";
import { startReconciler } from "./reconcile/start-reconciler.ts";

export interface StartWorkersOptions {
  redisUrl: string;
  prefix: string;
  /** OCR jobs running at once in this process, over the three queues together. */
  concurrency: number;
  /** One attempt running longer fails as JOB_TIMEOUT. */
  jobTimeoutMs: number;
  logger: Logger;
  /** Queue lock and stalled-check timings; BullMQ's defaults (30 s) unless a test shortens them. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Webhook signing, allowed networks and retry delay (readWebhookSettings of the config). */
  webhooks: WebhookSettings;
  /** Re-enqueues jobs the database says are active but Redis lost (reconcile/); off when absent or intervalMs is 0. */
  reconcile?: { intervalMs: number; graceMs: number };
}

export interface OcrWorkers {
  readonly loop: JobLoop;
  /** Stops taking jobs; running ones get `graceMs` to finish, then go back to the queue. */
  close(graceMs: number): Promise<void>;
}

/**
 * The OCR side of a worker process: one job loop over the high, normal and
 * low queues (strict priority, see job-loop.ts), and the cancel channel
 * that stops a running job within a page.
 */
export async function startWorkers(deps: OcrJobDeps, options: StartWorkersOptions): Promise<OcrWorkers> {
  const { logger } = options;
  const webhooks = startWebhookDelivery({ ...options, db: deps.db, settings: options.webhooks });
  const loop = startJobLoop(createOcrDocumentProcessor({ ...deps, webhooks: webhooks.outbox }), {
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    queueNames: OCR_QUEUE_NAMES,
    concurrency: options.concurrency,
    jobTimeoutMs: options.jobTimeoutMs,
    lockDurationMs: options.lockDurationMs,
    stalledIntervalMs: options.stalledIntervalMs,
    logger,
    onStalledTooOften: (jobId) => {
      const failure = { code: "OCR_FAILED", message: "The worker running this job stopped unexpectedly more than once" };
      recordFailure(deps.db, jobId, failure, true, deps.dbWriteRetryMs)
        .then(() => enqueueWebhooks(webhooks.outbox, [{ id: jobId }]))
        .catch(throttledErrorLog(logger, "could not record a stalled job"));
    },
  });
  const unsubscribe = await subscribeToJobCancels(
    options.redisUrl,
    options.prefix,
    (jobId) => {
      if (loop.abort(jobId, new JobStoppedError(jobId, "cancelled"))) logger.info("cancelling running job", { jobId });
    },
    throttledErrorLog(logger, "job cancel channel error"),
  );
  const reconciler = options.reconcile?.intervalMs
    ? startReconciler(deps.db, {
        redisUrl: options.redisUrl,
        prefix: options.prefix,
        ...options.reconcile,
        logger,
        onReenqueued: (count) => deps.metrics?.jobsReenqueued(count),
      })
    : undefined;
  return {
    loop,
    async close(graceMs) {
      await reconciler?.stop();
      await loop.close(graceMs);
      await unsubscribe();
      await webhooks.close();
    },
  };
}
