import type { Redis } from "ioredis";
import type { Db, Job } from "../db.ts";
import { OcrflowError } from "../errors.ts";
import { publishJobCancel } from "../job-control.ts";
import { errorFields, type Logger } from "../logger.ts";
import { enqueueWebhooks, type WebhookOutbox } from "../webhooks/webhook-outbox.ts";
import { canTransition } from "./job-status.ts";
import { cancelJobRow } from "./job-transitions.ts";
import { type OcrQueues, removeQueueEntry } from "./job-queues.ts";
import { findOwnedJob } from "./owned-reads.ts";

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
 * Cancels a queued or processing job. The row changes first, conditional on
 * the status read, so a race with the worker resolves cleanly: the worker's
 * writes are conditional on `processing`, so a cancelled job is never
 * completed later.
 */
export async function cancelJob(deps: CancelJobDeps, ownerId: string, jobId: string): Promise<Job> {
  for (let tryNo = 1; ; tryNo += 1) {
    const job = await findOwnedJob(deps.db, ownerId, jobId);
    const outcome = await cancelJobRow(deps.db, job);
    if (outcome.applied) {
      await stopQueueEntry(deps, job);
      await enqueueWebhooks(deps.webhooks, [job]);
      return findOwnedJob(deps.db, ownerId, jobId);
    }
    if (outcome.state === "deleted") throw new OcrflowError("NOT_FOUND", "No such job");
    if (!canTransition("cancel", outcome.state)) {
      throw new OcrflowError("CONFLICT", `The job is already ${outcome.state}; only a queued or processing job can be cancelled`);
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
