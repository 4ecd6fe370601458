import type { Redis } from "ioredis";
import type { Db, Job } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import { publishJobCancel } from "@ocrflow/shared/job-control";
import { errorFields, type Logger } from "@ocrflow/shared/logger";
import { enqueueWebhooks, type WebhookOutbox } from "@ocrflow/shared/webhooks";
import type { OcrQueues } from "../queue/ocr-queues.ts";
import { findOwnedJob } from "./find-owned-job.ts";
import { removeQueueEntry } from "./queue-entry.ts";

export interface CancelJobDeps {
  db: Db;
  redis: Redis;
  queues: OcrQueues;
  logger: Logger;
  queuePrefix: string;
  webhooks: WebhookOutbox;
}

// A status can change under us (the worker starts or finishes); each change is re-read once more.
const MAX_TRIES = 3;

/**
 * Cancels a queued or processing job. The status is changed with a
 * conditional update (WHERE status = the status read), so a race with the
 * worker resolves cleanly: the worker's writes are conditional on
 * `processing` too, so a cancelled job is never completed later.
 */
export async function cancelJob(deps: CancelJobDeps, ownerId: string, jobId: string): Promise<Job> {
  for (let tryNo = 1; ; tryNo += 1) {
    const job = await findOwnedJob(deps.db, ownerId, jobId);
    if (job.status !== "queued" && job.status !== "processing") {
      throw new OcrflowError("CONFLICT", `The job is already ${job.status}; only a queued or processing job can be cancelled`);
    }
    const { count } = await deps.db.job.updateMany({
      where: { id: job.id, status: job.status },
      data: { status: "cancelled", finishedAt: new Date() },
    });
    if (count === 1) {
      await stopQueueEntry(deps, job);
      await enqueueWebhooks(deps.webhooks, [job]);
      return findOwnedJob(deps.db, ownerId, jobId);
    }
    if (tryNo === MAX_TRIES) throw new OcrflowError("CONFLICT", "The job changed state while being cancelled; try again");
  }
}

/**
 * A waiting entry is removed from its queue; a running one is told to stop.
 * Neither is needed for correctness (the worker checks the row before it runs
 * and between pages), so a Redis failure here is logged, not returned.
 */
async function stopQueueEntry(deps: CancelJobDeps, job: Job): Promise<void> {
  try {
    const entry = job.status === "queued" ? await removeQueueEntry(deps.queues, job) : "active";
    if (entry === "active") await publishJobCancel(deps.redis, deps.queuePrefix, job.id);
  } catch (error) {
    deps.logger.warn("could not stop the cancelled job's queue entry", { jobId: job.id, ...errorFields(error) });
  }
}
