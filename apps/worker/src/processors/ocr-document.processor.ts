import { UnrecoverableError, type Job } from "bullmq";
import { ocrJobPayloadSchema, type OcrJobPayload } from "@ocrflow/shared/queues";
import { describeError } from "@ocrflow/shared/errors";
import { enqueueWebhooks } from "@ocrflow/shared/webhooks";
import { JobHandedBackError, JobStoppedError, LockLostError } from "../job-loop/attempt-errors.ts";
import type { AttemptProcessor } from "../job-loop/run-attempt.ts";
import { classifyFailure } from "../jobs/classify-failure.ts";
import { handBackJob } from "@ocrflow/shared/jobs";
import { recordFailure } from "../jobs/record-failure.ts";
import { processOcrJob, type OcrJobDeps } from "../jobs/process-ocr-job.ts";
import type { AttemptOutcome } from "../metrics/worker-metrics.ts";

/**
 * The processor of the three OCR queues: parse, run, map the outcome. A
 * failure is recorded on the row (final or waiting for a retry); a
 * non-retryable one, or a job stopped by its owner, becomes an
 * UnrecoverableError so the queue does not retry it.
 */
export function createOcrDocumentProcessor(deps: OcrJobDeps): AttemptProcessor<OcrJobPayload> {
  return async (bullJob: Job<OcrJobPayload>, signal: AbortSignal) => {
    const payload = ocrJobPayloadSchema.safeParse(bullJob.data);
    if (!payload.success) throw new UnrecoverableError(`invalid payload: ${payload.error.message}`);
    const { jobId } = payload.data;
    const attempt = bullJob.attemptsMade + 1;
    const startedAt = performance.now();
    const ended = (outcome: AttemptOutcome) =>
      deps.metrics?.jobFinished({ queue: bullJob.queueName, outcome, seconds: (performance.now() - startedAt) / 1000 });
    const reportProgress = (progress: number) => bullJob.updateProgress(progress).catch(() => undefined);
    try {
      await processOcrJob(deps, { jobId, attempt, signal, reportProgress });
      ended("completed");
    } catch (error) {
      if (error instanceof JobStoppedError) {
        deps.logger.info("job stopped", { jobId, status: error.status });
        ended(error.status === "cancelled" ? "cancelled" : "failed");
        throw new UnrecoverableError(error.message);
      }
      if (error instanceof LockLostError) throw error;
      if (error instanceof JobHandedBackError) {
        // Best effort, as shutdown cannot wait: a row left `processing` is taken up again just the same.
        await handBackJob(deps.db, jobId).catch(() => undefined);
        ended("handed-back");
        throw error;
      }
      const failure = classifyFailure(error);
      const final = !failure.retryable || attempt >= (bullJob.opts.attempts ?? 1);
      deps.logger.warn("job attempt failed", {
        jobId,
        attempt,
        final,
        code: failure.code,
        error: failure.message,
        cause: describeError(error),
      });
      await recordFailure(deps.db, jobId, failure, final, deps.dbWriteRetryMs);
      if (final) await enqueueWebhooks(deps.webhooks, [{ id: jobId }]);
      deps.metrics?.ocrFailed(failure.code, final);
      ended(final ? "failed" : "retrying");
      if (!failure.retryable) throw new UnrecoverableError(failure.message);
      throw error;
    }
  };
}
