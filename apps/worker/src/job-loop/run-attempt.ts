import type { Job } from "bullmq";
import { OcrflowError } from "@ocrflow/shared/errors";
import { errorFields, type Logger } from "@ocrflow/shared/logger";
import { OCR_BACKOFF_DELAY_MS } from "@ocrflow/shared/queues";
import { AttemptNotRecordedError, JobHandedBackError, LockLostError } from "./attempt-errors.ts";

// A job whose attempt could not be recorded waits this long, then runs again.
const NOT_RECORDED_DELAY_MS = OCR_BACKOFF_DELAY_MS;

/** Runs one attempt; resolves when it succeeded, rejects with why it did not. */
export type AttemptProcessor<T> = (job: Job<T>, signal: AbortSignal) => Promise<void>;

export interface RunAttemptOptions {
  jobTimeoutMs: number;
  lockDurationMs: number;
  logger: Logger;
}

/**
 * Runs one attempt of a job taken from a queue, then ends it in the queue:
 * completed; failed (BullMQ retries it with backoff unless the error is an
 * UnrecoverableError); back to waiting when handed back on shutdown;
 * delayed, the attempt not counted, when the database could not record how
 * it ended; left alone when its lock was lost. Meanwhile the lock is renewed every half
 * lock duration and the time limit aborts the attempt through `controller`.
 */
export async function runAttempt<T>(
  job: Job<T>,
  token: string,
  processor: AttemptProcessor<T>,
  controller: AbortController,
  options: RunAttemptOptions,
): Promise<void> {
  const { jobTimeoutMs, lockDurationMs, logger } = options;
  const timeLimit = setTimeout(
    () => controller.abort(new OcrflowError("JOB_TIMEOUT", `The job did not finish within its time limit of ${jobTimeoutMs} ms`)),
    jobTimeoutMs,
  );
  const lockRenewal = setInterval(() => void renewLock(job, token, controller, options), lockDurationMs / 2);
  let failure: unknown;
  let succeeded = false;
  try {
    await processor(job, controller.signal);
    succeeded = true;
  } catch (error) {
    failure = error;
  } finally {
    clearTimeout(timeLimit);
    clearInterval(lockRenewal);
  }
  try {
    if (succeeded) await job.moveToCompleted(undefined, token, false);
    else if (failure instanceof JobHandedBackError) await job.moveToWait(token);
    else if (failure instanceof AttemptNotRecordedError) {
      logger.warn("database unreachable: attempt not counted, job delayed", { jobId: job.id, retryInMs: NOT_RECORDED_DELAY_MS });
      await job.moveToDelayed(Date.now() + NOT_RECORDED_DELAY_MS, token);
    } else if (!(failure instanceof LockLostError)) await job.moveToFailed(asError(failure), token, false);
  } catch (error) {
    // Redis gone or lock lost: the stalled-job check moves the job back to waiting.
    logger.error("could not end the queue job", { queue: job.queueName, jobId: job.id, ...errorFields(error) });
  }
}

async function renewLock<T>(job: Job<T>, token: string, controller: AbortController, options: RunAttemptOptions): Promise<void> {
  try {
    const renewed = await job.extendLock(token, options.lockDurationMs);
    if (!renewed) controller.abort(new LockLostError(job.id ?? "?"));
  } catch (error) {
    options.logger.warn("could not renew a job lock", { jobId: job.id, ...errorFields(error) });
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
