import type { Redis } from "ioredis";
import type { Db } from "@ocrflow/shared/db";
import { type OcrQueues, queueOf } from "@ocrflow/shared/jobs";
import type { Logger } from "@ocrflow/shared/logger";
import { findStaleActiveJobs } from "./find-stale-active-jobs.ts";
import { type RepairOutcome, repairQueueEntry } from "./repair-queue-entry.ts";

export interface ReconcileDeps {
  db: Db;
  /** The queues' connection, to look for a job's lock. */
  redis: Redis;
  queues: OcrQueues;
  logger: Logger;
}

/**
 * One pass of the reconciler: the database is the source of truth, so every
 * job it says is queued or processing (and older than `graceMs`) must have
 * an entry in its queue. Returns how many jobs were enqueued again.
 */
export async function reconcileJobs(deps: ReconcileDeps, graceMs: number): Promise<number> {
  const counts: Record<RepairOutcome, number> = { "in-queue": 0, locked: 0, "re-enqueued": 0, "finished-meanwhile": 0 };
  for await (const page of findStaleActiveJobs(deps.db, graceMs)) {
    for (const job of page) {
      const queue = queueOf(deps.queues, job);
      const outcome = await repairQueueEntry({ db: deps.db, redis: deps.redis, queue }, job, graceMs);
      counts[outcome] += 1;
      if (outcome === "re-enqueued") deps.logger.warn("job missing from its queue; enqueued again", { jobId: job.id, status: job.status });
    }
  }
  if (counts["re-enqueued"] > 0) deps.logger.info("reconciled the queues with the database", counts);
  return counts["re-enqueued"];
}
