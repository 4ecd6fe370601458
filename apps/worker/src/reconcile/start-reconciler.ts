import { randomUUID } from "node:crypto";
import type { Db } from "@ocrflow/shared/db";
import { closeOcrQueues, createOcrQueues } from "@ocrflow/shared/jobs";
import { type Logger, throttledErrorLog } from "@ocrflow/shared/logger";
import { createRedis } from "@ocrflow/shared/redis";
import { reconcileJobs } from "./reconcile-jobs.ts";
import { releaseReconcileLock, takeReconcileLock } from "./reconcile-lock.ts";

export interface ReconcilerOptions {
  redisUrl: string;
  prefix: string;
  /** Time between passes; 0 turns the reconciler off. */
  intervalMs: number;
  /** A job row younger than this is left alone (the API may still be enqueuing it). */
  graceMs: number;
  logger: Logger;
  /** Called with the number of jobs each pass enqueued again. */
  onReenqueued?: (count: number) => void;
}

export interface Reconciler {
  /** Runs one pass now (unless one is running or another worker holds the lock); resolves with its count. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Keeps the queues in step with the database: a pass at start, every
 * `intervalMs`, and each time the Redis connection comes back (a restarted
 * Redis may have come back empty). Several workers may run one; a short
 * Redis lock lets one pass run at a time across them.
 */
export function startReconciler(db: Db, options: ReconcilerOptions): Reconciler {
  const { logger } = options;
  const connection = createRedis(options.redisUrl, "worker");
  connection.on("error", throttledErrorLog(logger, "reconciler redis error"));
  const queues = createOcrQueues(connection, options.prefix, logger);
  const logFailure = throttledErrorLog(logger, "reconcile pass failed; trying again later");
  // The lock outlives a pass that hangs on a lost connection, never a crashed worker by long.
  const lockMs = Math.max(options.intervalMs, 10_000);
  let running: Promise<number> | undefined;
  let stopped = false;

  async function pass(): Promise<number> {
    const token = randomUUID();
    if (!(await takeReconcileLock(connection, options.prefix, token, lockMs))) return 0;
    try {
      const count = await reconcileJobs({ db, redis: connection, queues, logger }, options.graceMs);
      options.onReenqueued?.(count);
      return count;
    } finally {
      await releaseReconcileLock(connection, options.prefix, token);
    }
  }

  function runOnce(): Promise<number> {
    if (stopped) return Promise.resolve(0);
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }
  const runInBackground = () => void runOnce().catch(logFailure);

  let connectedBefore = false;
  connection.on("ready", () => {
    if (connectedBefore) logger.info("redis connection back; reconciling the queues");
    connectedBefore = true;
    runInBackground();
  });
  const timer = setInterval(runInBackground, options.intervalMs);

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      await closeOcrQueues(queues);
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
