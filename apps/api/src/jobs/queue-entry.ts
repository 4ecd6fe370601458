import type { Job } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import { priorityNameOf } from "@ocrflow/shared/queues";
import { withTimeout } from "@ocrflow/shared/timeout";
import type { OcrQueues } from "../queue/ocr-queues.ts";
import { QUEUE_TIMEOUT_MS } from "./enqueue-jobs.ts";

/** Where a job's BullMQ entry is: gone, held by a worker right now, or waiting/finished in Redis. */
export type QueueEntryState = "absent" | "active" | "present";

function queueOf(queues: OcrQueues, job: Pick<Job, "priority">) {
  return queues[priorityNameOf(job.priority)];
}

function unavailable(error: unknown): OcrflowError {
  return new OcrflowError("DEPENDENCY_UNAVAILABLE", "The job queue is unavailable; try again later", { cause: error });
}

export async function queueEntryState(queues: OcrQueues, job: Pick<Job, "id" | "priority">): Promise<QueueEntryState> {
  const state = await withTimeout(queueOf(queues, job).getJobState(job.id), QUEUE_TIMEOUT_MS, "reading job state").catch(
    (error: unknown) => {
      throw unavailable(error);
    },
  );
  if (state === "unknown") return "absent";
  return state === "active" ? "active" : "present";
}

/**
 * Removes a job's BullMQ entry unless a worker holds it. BullMQ refuses to
 * remove a locked (active) job, and ignores add() for an id still in Redis,
 * so this must succeed before the same job is enqueued again.
 */
export async function removeQueueEntry(queues: OcrQueues, job: Pick<Job, "id" | "priority">): Promise<"absent" | "active"> {
  const state = await queueEntryState(queues, job);
  if (state !== "present") return state;
  const removed = await withTimeout(queueOf(queues, job).remove(job.id), QUEUE_TIMEOUT_MS, "removing a job").catch((error: unknown) => {
    throw unavailable(error);
  });
  if (removed === 1) return "absent";
  // A worker took it between the two calls, or it went away by itself.
  return (await queueEntryState(queues, job)) === "active" ? "active" : "absent";
}
