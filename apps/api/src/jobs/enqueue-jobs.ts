import type { PriorityName } from "@ocrflow/shared/constants";
import type { Job } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import { errorFields, type Logger } from "@ocrflow/shared/logger";
import { OCR_JOB_NAME, ocrJobOptions, priorityNameOf } from "@ocrflow/shared/queues";
import { withTimeout } from "@ocrflow/shared/timeout";
import type { OcrQueues } from "../queue/ocr-queues.ts";

// BullMQ waits for a lost connection to come back; a request must not.
export const QUEUE_TIMEOUT_MS = 3_000;

/**
 * Enqueues the queued ones of `jobs` with one addBulk per queue. When Redis
 * refuses any of them, whatever did get added is removed again and a 503
 * error is thrown: the caller then removes the rows, so a job is queued in
 * both places or in neither.
 */
export async function enqueueJobs(deps: { queues: OcrQueues; logger: Logger }, jobs: readonly Job[]): Promise<void> {
  const queued = jobs.filter((job) => job.status === "queued");
  const byQueue = new Map<PriorityName, Job[]>();
  for (const job of queued) {
    const name = priorityNameOf(job.priority);
    byQueue.set(name, [...(byQueue.get(name) ?? []), job]);
  }
  // Queues whose addBulk went through; only their entries need removing on failure.
  const added: Job[] = [];
  const adds = [...byQueue].map(([name, group]) =>
    deps.queues[name]
      .addBulk(
        group.map((job) => ({ name: OCR_JOB_NAME, data: { jobId: job.id }, opts: ocrJobOptions(job.id, job.priority, job.maxAttempts) })),
      )
      .then(() => {
        added.push(...group);
      }),
  );
  try {
    await withTimeout(Promise.all(adds), QUEUE_TIMEOUT_MS, "enqueue");
  } catch (error) {
    deps.logger.error("enqueue failed", { jobIds: queued.map((job) => job.id).slice(0, 50), ...errorFields(error) });
    if (added.length > 0) {
      await removeFromQueues(deps.queues, added).catch((cleanupError: unknown) =>
        deps.logger.warn("could not remove partly enqueued jobs", errorFields(cleanupError)),
      );
    }
    throw new OcrflowError("DEPENDENCY_UNAVAILABLE", "The job queue is unavailable; try again later", { cause: error });
  }
}

/** Best effort: a queue entry whose row is gone is dropped by the worker anyway. */
async function removeFromQueues(queues: OcrQueues, jobs: readonly Job[]): Promise<void> {
  await withTimeout(
    Promise.all(jobs.map((job) => queues[priorityNameOf(job.priority)].remove(job.id))),
    QUEUE_TIMEOUT_MS,
    "removing enqueued jobs",
  );
}
