import type { Db } from "@ocrflow/shared/db";
import { FINISHED_STATUSES } from "@ocrflow/shared/constants";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { OcrQueues } from "../queue/ocr-queues.ts";
import { findOwnedJob } from "./find-owned-job.ts";
import { removeQueueEntry } from "./queue-entry.ts";

/**
 * Deletes a finished job with its pages and result, and its BullMQ entry
 * when Redis still keeps one. A cancelled job whose worker has not stopped
 * yet is refused (409), so no page is written for a job that is gone.
 */
export async function deleteJob(deps: { db: Db; queues: OcrQueues }, ownerId: string, jobId: string): Promise<void> {
  const { db } = deps;
  const job = await findOwnedJob(db, ownerId, jobId);
  if (!FINISHED_STATUSES.includes(job.status as (typeof FINISHED_STATUSES)[number])) {
    throw new OcrflowError("CONFLICT", `The job is ${job.status}; cancel it first or wait until it finishes`);
  }
  // A completed or failed job's worker has written its last; a cancelled one's may still be reading pages.
  if ((await removeQueueEntry(deps.queues, job)) === "active" && job.status === "cancelled") {
    throw new OcrflowError("CONFLICT", "The job's run has not stopped yet; delete it in a few seconds");
  }
  const deleted = await db.$transaction(async (tx) => {
    // Conditional: a retry that queued the job meanwhile keeps it.
    const { count } = await tx.job.deleteMany({ where: { id: job.id, status: job.status } });
    if (count === 1) {
      await tx.jobPage.deleteMany({ where: { jobId: job.id } });
      await tx.result.deleteMany({ where: { jobId: job.id } });
    }
    return count === 1;
  });
  if (!deleted) throw new OcrflowError("CONFLICT", "The job changed state while being deleted; try again");
}
