import { randomUUID } from "node:crypto";
import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcileJobs } from "../../apps/worker/src/reconcile/reconcile-jobs.ts";
import { releaseReconcileLock, takeReconcileLock } from "../../apps/worker/src/reconcile/reconcile-lock.ts";
import { startReconciler } from "../../apps/worker/src/reconcile/start-reconciler.ts";
import { createLogger } from "../../packages/shared/src/logger.ts";
import { bullPriorityOf, priorityNameOf } from "../../packages/shared/src/queues.ts";
import { createPrivateDatabase } from "../support/fault-suite.ts";
import { type ApiClient, apiClient, fileForm, fixture, uniqueCopy } from "../support/http-client.ts";
import type { TestDatabase } from "../support/test-databases.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const logger = createLogger({ level: "error", json: false, service: "test" });

describe("the reconciler, when the queues and the database disagree", () => {
  let database: TestDatabase;
  let service: TestService;
  let client: ApiClient;
  let redis: Redis;

  beforeAll(async () => {
    // A database of its own: a pass reads every active job in it.
    database = await createPrivateDatabase();
    service = await startTestService({ databaseUrl: database.url });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
    redis = new Redis(service.redisUrl);
  });
  afterAll(async () => {
    redis?.disconnect();
    await service?.close();
    await database?.drop();
  });

  const reconcile = (graceMs: number) => reconcileJobs({ db: service.db, redis, queues: service.queues, logger }, graceMs);
  const queueOf = (job: { priority: number }) => service.queues[priorityNameOf(job.priority)];

  /** A job acknowledged by the API, then taken out of its queue as a Redis wipe would. */
  async function lostJob(fields: Record<string, string> = {}) {
    const { status, body } = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("page-eng.png")), "page.png", fields));
    expect(status).toBe(202);
    const row = await service.db.job.findUniqueOrThrow({ where: { id: body.job.id } });
    expect(await queueOf(row).remove(row.id)).toBe(1);
    return row;
  }

  it("enqueues again a job its queue lost, in the same queue with the same id, priority and attempts", async () => {
    const row = await lostJob({ priority: "high" });
    expect(await reconcile(0)).toBe(1);
    const entry = await service.queues.high.getJob(row.id);
    expect(entry?.data).toEqual({ jobId: row.id });
    expect(entry?.opts).toMatchObject({ priority: bullPriorityOf(row.priority), attempts: row.maxAttempts });
    // A second pass finds it in its queue.
    expect(await reconcile(0)).toBe(0);
  });

  it("leaves alone a job younger than the grace period (the API may still be enqueuing it)", async () => {
    const row = await lostJob();
    expect(await reconcile(60_000)).toBe(0);
    expect(await queueOf(row).getJobState(row.id)).toBe("unknown");
    expect(await reconcile(0)).toBe(1);
  });

  it("leaves alone a processing job whose worker still holds its lock, and takes it back once the lock is gone", async () => {
    const row = await lostJob();
    await service.db.job.update({ where: { id: row.id }, data: { status: "processing" } });
    const lockKey = `${queueOf(row).toKey(row.id)}:lock`;
    await redis.set(lockKey, randomUUID(), "PX", 30_000);
    expect(await reconcile(0)).toBe(0);
    await redis.del(lockKey);
    expect(await reconcile(0)).toBe(1);
    expect(await queueOf(row).getJobState(row.id)).not.toBe("unknown");
  });

  it("replaces the failed entry of a job the database still says is processing (its failure never reached the database)", async () => {
    // The low queue holds no other test's job, so the one taken from it is this one.
    const { body } = await client.postForm(
      "/api/v1/jobs",
      fileForm(uniqueCopy(await fixture("page-eng.png")), "page.png", { priority: "low" }),
    );
    const row = await service.db.job.findUniqueOrThrow({ where: { id: body.job.id } });
    const worker = new Worker(queueOf(row).name, null, {
      connection: new Redis(service.redisUrl, { maxRetriesPerRequest: null }),
      prefix: service.prefix,
    });
    try {
      const token = randomUUID();
      const taken = await worker.getNextJob(token, { block: false });
      expect(taken?.id).toBe(row.id);
      await service.db.job.update({ where: { id: row.id }, data: { status: "processing" } });
      await taken!.moveToFailed(new UnrecoverableError("failure not recorded"), token, false);
    } finally {
      await worker.close();
    }
    expect(await queueOf(row).getJobState(row.id)).toBe("failed");
    // Within the grace period a just-finished entry is left: the row may be about to follow.
    expect(await reconcile(60_000)).toBe(0);
    expect(await reconcile(0)).toBe(1);
    expect(["waiting", "prioritized"]).toContain(await queueOf(row).getJobState(row.id));
  });

  it("runs one pass at a time over every worker of an installation", async () => {
    await lostJob();
    await takeReconcileLock(redis, service.prefix, "another worker", 30_000);
    const reconciler = startReconciler(service.db, {
      redisUrl: service.redisUrl,
      prefix: service.prefix,
      intervalMs: 3_600_000,
      graceMs: 0,
      logger,
    });
    try {
      expect(await reconciler.runOnce()).toBe(0);
      await releaseReconcileLock(redis, service.prefix, "another worker");
      expect(await reconciler.runOnce()).toBe(1);
    } finally {
      await reconciler.stop();
    }
  });
});
