import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "@ocrflow/shared/db";
import { isActive, queueEntryOf, readJobState } from "@ocrflow/shared/jobs";
import type { OcrJobPayload } from "@ocrflow/shared/queues";
import type { ActiveJob } from "./find-stale-active-jobs.ts";

export type RepairOutcome = "in-queue" | "locked" | "re-enqueued" | "finished-meanwhile";

/**
 * Makes the queue agree with one job row that says queued or processing.
 * Waiting, delayed or running in the queue: nothing to do. Missing (Redis
 * restarted empty, or wiped), with no worker's lock on it: added again with
 * the options the API gives it; the worker then resumes from the pages
 * stored. Finished in the queue for longer than `graceMs` while the row is
 * still active (the end of an attempt never reached the database): its
 * stale entry is replaced, since BullMQ ignores an add for an id it holds.
 */
export async function repairQueueEntry(
  deps: { db: Db; redis: Redis; queue: Queue<OcrJobPayload> },
  job: ActiveJob,
  graceMs: number,
): Promise<RepairOutcome> {
  const { db, redis, queue } = deps;
  const state = await queue.getJobState(job.id);
  if (state === "completed" || state === "failed") {
    const entry = await queue.getJob(job.id);
    if (entry?.finishedOn && Date.now() - entry.finishedOn < graceMs) return "in-queue";
  } else if (state !== "unknown") {
    return "in-queue";
  }
  if (await redis.exists(`${queue.toKey(job.id)}:lock`)) return "locked";
  // The row again, now that the queue has been read: a job that ended meanwhile stays ended.
  if (!isActive(await readJobState(db, job.id))) return "finished-meanwhile";
  if (state !== "unknown") await queue.remove(job.id);
  const entry = queueEntryOf(job);
  await queue.add(entry.name, entry.data, entry.opts);
  return "re-enqueued";
}
