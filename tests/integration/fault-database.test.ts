import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrivateDatabase, logFaultSummary, submitJobs, suiteProvider, tallyJobs, waitUntilSettled } from "../support/fault-suite.ts";
import { createDb } from "../../packages/shared/src/db.ts";
import { type ApiClient, apiClient, fileForm, fixture, uniqueCopy } from "../support/http-client.ts";
import { killAll, type ServiceProcess } from "../support/service-processes.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";
import type { TestDatabase } from "../support/test-databases.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";
import { spawnWorker } from "../support/service-processes.ts";

// The worker retries the write that ends an attempt this long (30 s by default).
const DB_WRITE_RETRY_MS = 10_000;
// Long enough for a page to finish and fail to be stored, and for the end of that attempt to be retried; within the retries.
const OUTAGE_MS = 6_000;
// Past the retries of the write that ends an attempt.
const LONG_OUTAGE_MS = DB_WRITE_RETRY_MS + 6_000;
// A SQLite writer waits this long for another's lock (10 s by default).
const SQLITE_BUSY_TIMEOUT_MS = 2_000;

describe.runIf(suiteProvider() === "postgresql")("when the database is unreachable for a while during a job", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let service: TestService;
  let client: ApiClient;
  let worker: ServiceProcess;

  beforeAll(async () => {
    database = await createPrivateDatabase();
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    // Only the worker goes through the proxy: the test reads the rows directly throughout.
    service = await startTestService({ databaseUrl: database.url });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
    worker = await spawnWorker(service, {
      DATABASE_URL: viaProxy.toString(),
      RECONCILE_INTERVAL_MS: "1000",
      RECONCILE_GRACE_MS: "3000",
      DB_WRITE_RETRY_MS: String(DB_WRITE_RETRY_MS),
    });
  });
  afterAll(async () => {
    killAll([worker]);
    await service?.close();
    await proxy?.close();
    await database?.drop();
  });

  it("retries storing pages, the result and the failure; every job completes once with all its pages", async () => {
    const jobIds = await submitJobs(client, ["three-pages.tiff", "two-pages.pdf"]);
    await waitFor(
      "page 1 of the first job stored",
      async () => (await service.db.jobPage.count({ where: { jobId: jobIds[0] } })) > 0,
      120_000,
    );
    proxy.cut();
    await sleep(OUTAGE_MS);
    const duringOutage = await service.db.job.findUniqueOrThrow({ where: { id: jobIds[0] } });
    proxy.restore();

    await waitUntilSettled(service, jobIds);
    const tally = await tallyJobs(service, jobIds, [worker]);
    logFaultSummary(`database unreachable for ${OUTAGE_MS / 1000} s mid-job`, tally);
    expect(duringOutage.status).toBe("processing");
    // The worker itself kept each row and its queue entry in step: the reconciler found nothing to repair.
    expect(tally).toMatchObject({ completed: 2, duplicates: 0, stuck: 0, incomplete: 0, reenqueued: 0 });
    const results = await service.db.result.findMany({ where: { jobId: { in: jobIds } }, orderBy: { pageCount: "desc" } });
    expect(results.map((result) => result.pageCount)).toEqual([3, 2]);
  });

  it("puts back, without counting the attempt, a job whose failure cannot be recorded in time, and completes it once the database is back", async () => {
    const [jobId] = await submitJobs(client, ["three-pages.tiff"]);
    await waitFor("page 1 stored", async () => (await service.db.jobPage.count({ where: { jobId } })) > 0, 120_000);
    const outputBefore = worker.output().length;
    proxy.cut();
    await sleep(LONG_OUTAGE_MS);
    proxy.restore();

    await waitUntilSettled(service, [jobId!]);
    const tally = await tallyJobs(service, [jobId!], [worker]);
    logFaultSummary(`database unreachable for ${LONG_OUTAGE_MS / 1000} s, past the write retries`, tally);
    expect(worker.output().slice(outputBefore)).toContain("attempt not counted, job delayed");
    expect(tally).toMatchObject({ completed: 1, duplicates: 0, stuck: 0, incomplete: 0, reenqueued: 0 });
  });
});

describe.runIf(suiteProvider() === "sqlite")("when another writer holds the SQLite database locked during a job", () => {
  // Past the busy timeout, so the worker's writes fail rather than wait.
  const LOCKED_MS = SQLITE_BUSY_TIMEOUT_MS + 6_000;
  let database: TestDatabase;
  let service: TestService;
  let client: ApiClient;
  let worker: ServiceProcess;

  beforeAll(async () => {
    database = await createPrivateDatabase();
    service = await startTestService({ databaseUrl: database.url });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
    worker = await spawnWorker(service, {
      DATABASE_URL: database.url,
      RECONCILE_INTERVAL_MS: "1000",
      RECONCILE_GRACE_MS: "3000",
      SQLITE_BUSY_TIMEOUT_MS: String(SQLITE_BUSY_TIMEOUT_MS),
    });
  });
  afterAll(async () => {
    killAll([worker]);
    await service?.close();
    await database?.drop();
  });

  it("retries the writes the lock refused on fresh connections; every job completes once with all its pages", async () => {
    const jobIds = await submitJobs(client, ["three-pages.tiff", "two-pages.pdf"]);
    await waitFor(
      "page 1 of the first job stored",
      async () => (await service.db.jobPage.count({ where: { jobId: jobIds[0] } })) > 0,
      120_000,
    );
    const holder = createDb(database.url);
    try {
      // A write in an open transaction keeps the write lock until it ends; readers go on.
      await holder.$transaction(
        async (tx) => {
          await tx.job.updateMany({ where: { id: jobIds[1] }, data: { languages: "eng" } });
          await sleep(LOCKED_MS);
        },
        { timeout: LOCKED_MS + 10_000 },
      );
    } finally {
      await holder.$disconnect();
    }

    await waitUntilSettled(service, jobIds, 90_000);
    const tally = await tallyJobs(service, jobIds, [worker]);
    if (tally.stuck > 0) console.log(worker.output().slice(-8_000));
    logFaultSummary(`database locked by another writer for ${LOCKED_MS / 1000} s mid-job`, tally);
    expect(tally).toMatchObject({ completed: 2, duplicates: 0, stuck: 0, incomplete: 0, reenqueued: 0 });
    expect(worker.output()).toContain("job attempt failed");
  });
});

describe.runIf(suiteProvider() === "sqlite")("when another writer holds the SQLite database locked past the API's wait", () => {
  let database: TestDatabase;
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    database = await createPrivateDatabase();
    service = await startTestService({ databaseUrl: database.url, env: { SQLITE_BUSY_TIMEOUT_MS: String(SQLITE_BUSY_TIMEOUT_MS) } });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it("answers that write 503, then writes again without a restart", async () => {
    const holder = createDb(database.url);
    let releaseLock!: () => void;
    const released = new Promise<void>((resolve) => {
      releaseLock = resolve;
    });
    const locked = holder.$transaction(
      async (tx) => {
        await tx.user.create({ data: { name: "lock holder" } });
        await released;
      },
      { timeout: SQLITE_BUSY_TIMEOUT_MS * 4 },
    );
    try {
      await sleep(300);
      const refused = await client.postForm("/api/v1/documents", fileForm(uniqueCopy(await fixture("page-eng.png")), "locked.png"));
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe("DEPENDENCY_UNAVAILABLE");
    } finally {
      releaseLock();
      await locked;
      await holder.$disconnect();
    }

    // Before the fix every later write of the process failed ("SQL statements in progress").
    for (const name of ["after-1.png", "after-2.png", "after-3.png"]) {
      const upload = await client.postForm("/api/v1/documents", fileForm(uniqueCopy(await fixture("page-eng.png")), name));
      expect(upload.status).toBe(201);
      const submit = await client.postJson("/api/v1/jobs", { documentId: upload.body.document.id });
      expect(submit.status).toBe(202);
    }
  });
});
