import type { Db } from "../db.ts";
import { OcrflowError } from "../errors.ts";
import { canTransition } from "./job-status.ts";
import { removeJobRow } from "./job-transitions.ts";
import { type OcrQueues, removeQueueEntry } from "./job-queues.ts";
import { findOwnedJob } from "./owned-reads.ts";

/**
 * Deletes a finished job with its pages and result, and its BullMQ entry
 * when Redis still keeps one. A cancelled job whose worker has not stopped
 * yet is refused (409), so no page is written for a job that is gone.
 */
export async function deleteJob(deps: { db: Db; queues: OcrQueues }, ownerId: string, jobId: string): Promise<void> {
  const job = await findOwnedJob(deps.db, ownerId, jobId);
  if (!canTransition("remove", job.status)) {
    throw new OcrflowError("CONFLICT", `The job is ${job.status}; cancel it first or wait until it finishes`);
  }
  // A completed or failed job's worker has written its last; a cancelled one's may still be reading pages.
  if ((await removeQueueEntry(deps.queues, job)) === "active" && job.status === "cancelled") {
    throw new OcrflowError("CONFLICT", "The job's run has not stopped yet; delete it in a few seconds");
  }
  // Conditional on the status read: a retry that queued the job meanwhile keeps it.
  const outcome = await removeJobRow(deps.db, job);
  if (!outcome.applied) throw new OcrflowError("CONFLICT", "The job changed state while being deleted; try again");
}
