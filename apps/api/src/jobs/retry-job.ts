import type { Db, Job } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { Logger } from "@ocrflow/shared/logger";
import { owedWebhookState } from "@ocrflow/shared/webhooks";
import type { OcrQueues } from "../queue/ocr-queues.ts";
import { enqueueJobs } from "./enqueue-jobs.ts";
import { findOwnedJob } from "./find-owned-job.ts";
import { queueEntryState, removeQueueEntry } from "./queue-entry.ts";

const RETRYABLE = ["failed", "cancelled"];

const STILL_STOPPING = "The job's previous run has not stopped yet; retry it in a few seconds";

/**
 * Queues a failed or cancelled job again. The stored pages stay, so the
 * worker resumes at the first page not yet done. The row is claimed with a
 * conditional update first, so of two retries at once only one touches the
 * queue; a failure after the claim puts the row back as it was.
 */
export async function retryJob(deps: { db: Db; queues: OcrQueues; logger: Logger }, ownerId: string, jobId: string): Promise<Job> {
  const { db, queues } = deps;
  const job = await findOwnedJob(db, ownerId, jobId);
  if (!RETRYABLE.includes(job.status)) {
    throw new OcrflowError("CONFLICT", `The job is ${job.status}; only a failed or cancelled job can be retried`);
  }
  const document = await db.document.findUnique({ where: { id: job.documentId }, select: { deletedAt: true } });
  if (document?.deletedAt) throw new OcrflowError("CONFLICT", "The job's document was deleted; upload it again to OCR it");
  if ((await queueEntryState(queues, job)) === "active") throw new OcrflowError("CONFLICT", STILL_STOPPING);

  const { count } = await db.job.updateMany({
    where: { id: job.id, status: job.status },
    data: {
      status: "queued",
      errorCode: null,
      errorMessage: null,
      attempts: 0,
      startedAt: null,
      finishedAt: null,
      webhookState: owedWebhookState(job.webhookUrl),
    },
  });
  if (count === 0) throw new OcrflowError("CONFLICT", "The job changed state while being retried; try again");
  const restore = () =>
    db.job.updateMany({
      where: { id: job.id, status: "queued" },
      data: {
        status: job.status,
        errorCode: job.errorCode,
        errorMessage: job.errorMessage,
        attempts: job.attempts,
        startedAt: job.startedAt,
        finishedAt: job.finishedAt,
        webhookState: job.webhookState,
      },
    });

  try {
    if ((await removeQueueEntry(queues, job)) === "active") throw new OcrflowError("CONFLICT", STILL_STOPPING);
    const queued = await findOwnedJob(db, ownerId, jobId);
    await enqueueJobs(deps, [queued]);
    return queued;
  } catch (error) {
    await restore();
    throw error;
  }
}
