import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { PRIORITY_NAMES, type PriorityName } from "../constants.ts";
import type { Job } from "../db.ts";
import { OcrflowError } from "../errors.ts";
import { errorFields, type Logger, throttledErrorLog } from "../logger.ts";
import { OCR_JOB_NAME, OCR_QUEUES, type OcrJobPayload, ocrJobOptions, priorityNameOf } from "../queues.ts";
import { withTimeout } from "../timeout.ts";

/** The three OCR queues of an installation, by priority name. */
export type OcrQueues = Record<PriorityName, Queue<OcrJobPayload>>;

// BullMQ waits for a lost connection to come back; a request must not.
export const QUEUE_TIMEOUT_MS = 3_000;
const CLOSE_TIMEOUT_MS = 5_000;

export function createOcrQueues(connection: Redis, prefix: string, logger: Logger): OcrQueues {
  const entries = PRIORITY_NAMES.map((name) => {
    const queue = new Queue<OcrJobPayload>(OCR_QUEUES[name], { connection, prefix });
    queue.on("error", throttledErrorLog(logger, "queue error", { queue: queue.name }));
    return [name, queue] as const;
  });
  return Object.fromEntries(entries) as OcrQueues;
}

/** Closes the queues; gives up waiting after a few seconds when Redis is gone. */
export async function closeOcrQueues(queues: OcrQueues): Promise<void> {
  await withTimeout(Promise.all(Object.values(queues).map((queue) => queue.close())), CLOSE_TIMEOUT_MS, "closing queues").catch(
    () => undefined,
  );
}

/** The queue a job waits in: its priority (0-10) decides. */
export function queueOf(queues: OcrQueues, job: Pick<Job, "priority">): Queue<OcrJobPayload> {
  return queues[priorityNameOf(job.priority)];
}

/** The one answer to a request that needed the queue while Redis did not answer. */
export function queueUnavailable(cause: unknown): OcrflowError {
  return new OcrflowError("DEPENDENCY_UNAVAILABLE", "The job queue is unavailable; try again later", { cause });
}

/** A job's queue entry: its id is the job's, so adding it twice is a no-op while the first lives. */
export function queueEntryOf(job: Pick<Job, "id" | "priority" | "maxAttempts">) {
  return { name: OCR_JOB_NAME, data: { jobId: job.id }, opts: ocrJobOptions(job.id, job.priority, job.maxAttempts) };
}

/**
 * Enqueues the queued ones of `jobs` with one addBulk per queue. When Redis
 * refuses any of them, whatever did get added is removed again and the queue's
 * 503 is thrown: the caller then removes the rows, so a job is queued in both
 * places or in neither.
 */
export async function enqueueJobs(deps: { queues: OcrQueues; logger: Logger }, jobs: readonly Job[]): Promise<void> {
  const queued = jobs.filter((job) => job.status === "queued");
  const byQueue = new Map<PriorityName, Job[]>();
  for (const job of queued) {
    const name = priorityNameOf(job.priority);
    byQueue.set(name, [...(byQueue.get(name) ?? []), job]);
  }
  // Jobs whose addBulk went through; only their entries need removing on failure.
  const added: Job[] = [];
  const adds = [...byQueue].map(([name, group]) => deps.queues[name].addBulk(group.map(queueEntryOf)).then(() => added.push(...group)));
  try {
    await withTimeout(Promise.all(adds), QUEUE_TIMEOUT_MS, "enqueue");
  } catch (error) {
    deps.logger.error("enqueue failed", { jobIds: queued.map((job) => job.id).slice(0, 50), ...errorFields(error) });
    if (added.length > 0) {
      // Best effort: a queue entry whose row is gone is dropped by the worker anyway.
      const removals = Promise.all(added.map((job) => queueOf(deps.queues, job).remove(job.id)));
      await withTimeout(removals, QUEUE_TIMEOUT_MS, "removing enqueued jobs").catch((cleanupError: unknown) =>
        deps.logger.warn("could not remove partly enqueued jobs", errorFields(cleanupError)),
      );
    }
    throw queueUnavailable(error);
  }
}

/** Where a job's BullMQ entry is: gone, held by a worker right now, or waiting/finished in Redis. */
export type QueueEntryState = "absent" | "active" | "present";

export async function queueEntryState(queues: OcrQueues, job: Pick<Job, "id" | "priority">): Promise<QueueEntryState> {
  const state = await withTimeout(queueOf(queues, job).getJobState(job.id), QUEUE_TIMEOUT_MS, "reading job state").catch(
    (error: unknown) => {
      throw queueUnavailable(error);
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
    throw queueUnavailable(error);
  });
  if (removed === 1) return "absent";
  // A worker took it between the two calls, or it went away by itself.
  return (await queueEntryState(queues, job)) === "active" ? "active" : "absent";
}
