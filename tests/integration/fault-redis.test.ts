import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTimeout } from "../../packages/shared/src/timeout.ts";
import {
  createPrivateDatabase,
  type FaultTally,
  logFaultSummary,
  submitJobs,
  tallyJobs,
  waitUntilSettled,
} from "../support/fault-suite.ts";
import { type ApiClient, apiClient, fileForm, fixture, uniqueCopy, expectError } from "../support/http-client.ts";
import { type PrivateRedis, startPrivateRedis } from "../support/redis-server.ts";
import { killAll, type ServiceProcess } from "../support/service-processes.ts";
import type { TestDatabase } from "../support/test-databases.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";
import { spawnWorker } from "../support/service-processes.ts";

// Two multi-page documents and a single page: one runs while the others wait.
const FILES = ["three-pages.tiff", "two-pages.pdf", "page-eng.png"];
// A request must answer within this while Redis is down, not hang.
const ANSWER_BOUND_MS = 5_000;

describe("when Redis goes away while jobs wait and run", () => {
  let redis: PrivateRedis;
  let database: TestDatabase;
  let service: TestService;
  let client: ApiClient;
  let worker: ServiceProcess;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    database = await createPrivateDatabase();
    service = await startTestService({ redisUrl: redis.url, databaseUrl: database.url });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
    worker = await spawnWorker(service, { DATABASE_URL: database.url, RECONCILE_INTERVAL_MS: "1000", RECONCILE_GRACE_MS: "3000" });
  });
  afterAll(async () => {
    killAll([worker]);
    await service?.close();
    await redis?.close();
    await database?.drop();
  });

  const firstPageStored = (jobId: string) =>
    waitFor("the first job's first page stored", async () => (await service.db.jobPage.count({ where: { jobId } })) > 0, 120_000);

  function expectEveryJobDoneOnce(tally: FaultTally) {
    expect(tally).toMatchObject({ completed: tally.acknowledged, duplicates: 0, stuck: 0, incomplete: 0 });
  }

  it("answers 503 at once while it is down, serves what needs only the database, and completes every job once after it restarts empty", async () => {
    const jobIds = await submitJobs(client, FILES);
    await firstPageStored(jobIds[0]!);
    await redis.kill();

    const submit = await withTimeout(
      client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("page-eng.png")), "late.png")),
      ANSWER_BOUND_MS,
      "a submit while Redis is down",
    );
    expectError(submit, 503, "DEPENDENCY_UNAVAILABLE");
    const ready = await withTimeout(client.get("/health/ready"), ANSWER_BOUND_MS, "/health/ready while Redis is down");
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toMatchObject({ redis: "down", database: "ok" });
    const job = await withTimeout(client.get(`/api/v1/jobs/${jobIds[1]}`), ANSWER_BOUND_MS, "a job read while Redis is down");
    expect(job.status).toBe(200);
    const list = await withTimeout(client.get("/api/v1/jobs"), ANSWER_BOUND_MS, "a job list while Redis is down");
    expect(list.body.total).toBe(FILES.length);

    // No persistence: it comes back empty, and only the database knows the jobs.
    await redis.start();
    await waitFor("the API to see Redis again", async () => (await client.get("/health/ready")).status === 200, 30_000);
    jobIds.push(...(await submitJobs(client, ["page-eng.png"])));
    await waitUntilSettled(service, jobIds);
    const tally = await tallyJobs(service, jobIds, [worker]);
    logFaultSummary("redis restarted empty", tally);
    expectEveryJobDoneOnce(tally);
    // The waiting ones at least; the running one too when its worker lost the lock before finishing it.
    expect(tally.reenqueued).toBeGreaterThanOrEqual(FILES.length - 1);
  });

  it("enqueues again, from the database, the jobs a FLUSHALL took from the queues", async () => {
    const reenqueuedBefore = (await tallyJobs(service, [], [worker])).reenqueued;
    const jobIds = await submitJobs(client, FILES);
    await firstPageStored(jobIds[0]!);
    await redis.flushAll();

    await waitUntilSettled(service, jobIds);
    const tally = await tallyJobs(service, jobIds, [worker]);
    tally.reenqueued -= reenqueuedBefore;
    logFaultSummary("redis wiped (FLUSHALL)", tally);
    expectEveryJobDoneOnce(tally);
    expect(tally.reenqueued).toBeGreaterThanOrEqual(FILES.length - 1);
  });
});
