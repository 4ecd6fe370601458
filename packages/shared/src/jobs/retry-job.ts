import type { Db, Job } from "../db.ts";
import { OcrflowError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { canTransition } from "./job-status.ts";
import { retryJobRow } from "./job-transitions.ts";
import { enqueueJobs, type OcrQueues, queueEntryState, removeQueueEntry } from "./job-queues.ts";
import { findOwnedDocument, findOwnedJob } from "./owned-reads.ts";

const STILL_STOPPING = "The job's previous run has not stopped yet; retry it in a few seconds";

/**
 * Queues a failed or cancelled job again. The stored pages stay, so the
 * worker resumes at the first page not yet done. The row is claimed with a
 * conditional write first, so of two retries at once only one touches the
 * queue; a failure after the claim puts the row back as it was.
 */
export async function retryJob(deps: { db: Db; queues: OcrQueues; logger: Logger }, ownerId: string, jobId: string): Promise<Job> {
  const { db, queues } = deps;
  const job = await findOwnedJob(db, ownerId, jobId);
  if (!canTransition("retry", job.status)) {
    throw new OcrflowError("CONFLICT", `The job is ${job.status}; only a failed or cancelled job can be retried`);
  }
  await findOwnedDocument(db, ownerId, job.documentId).catch(() => {
    throw new OcrflowError("CONFLICT", "The job's document was deleted; upload it again to OCR it");
  });
  if ((await queueEntryState(queues, job)) === "active") throw new OcrflowError("CONFLICT", STILL_STOPPING);

  const claim = await retryJobRow(db, job);
  if (!claim.applied) throw new OcrflowError("CONFLICT", "The job changed state while being retried; try again");
  try {
    if ((await removeQueueEntry(queues, job)) === "active") throw new OcrflowError("CONFLICT", STILL_STOPPING);
    const queued = await findOwnedJob(db, ownerId, jobId);
    await enqueueJobs(deps, [queued]);
    return queued;
  } catch (error) {
    await claim.restore();
    throw error;
  }
}
