import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrivateDatabase, logFaultSummary, submitJobs, tallyJobs, waitUntilSettled } from "../support/fault-suite.ts";
import { type ApiClient, apiClient } from "../support/http-client.ts";
import { killAll, type ServiceProcess, waitForExit } from "../support/service-processes.ts";
import type { TestDatabase } from "../support/test-databases.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";
import { spawnWorker } from "../support/service-processes.ts";

describe("when a worker process is killed outright in the middle of a multi-page job", () => {
  let database: TestDatabase;
  let service: TestService;
  let client: ApiClient;
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createPrivateDatabase();
    service = await startTestService({ databaseUrl: database.url });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => {
    killAll(workers);
    await service?.close();
    await database?.drop();
  });

  const start = async () => {
    const worker = await spawnWorker(service, { DATABASE_URL: database.url, RECONCILE_INTERVAL_MS: "1000", RECONCILE_GRACE_MS: "3000" });
    workers.push(worker);
    return worker;
  };

  it("recovers the job through the stalled-job check and completes every job once, no page or result stored twice", async () => {
    const doomed = await start();
    const jobIds = await submitJobs(client, ["three-pages.tiff", "two-pages.pdf"]);
    await waitFor(
      "page 1 of the first job stored",
      async () => (await service.db.jobPage.count({ where: { jobId: jobIds[0] } })) > 0,
      120_000,
    );
    doomed.child.kill("SIGKILL");
    await waitForExit(doomed, 10_000);
    const pagesBefore = await service.db.jobPage.count({ where: { jobId: jobIds[0] } });
    expect((await service.db.job.findUniqueOrThrow({ where: { id: jobIds[0] } })).status).toBe("processing");

    // Its lock expires (30 s) and the next worker's stalled-job check puts the job back in its queue.
    const successor = await start();
    await waitUntilSettled(service, jobIds);
    const tally = await tallyJobs(service, jobIds, workers);
    logFaultSummary("worker SIGKILLed mid-job", tally);
    expect(tally).toMatchObject({ completed: 2, duplicates: 0, stuck: 0, incomplete: 0 });
    if (pagesBefore < 3)
      expect(successor.output()).toMatch(new RegExp(`"resuming job".*"jobId":"${jobIds[0]}"|"jobId":"${jobIds[0]}".*"resuming job"`));
    const results = await service.db.result.findMany({ where: { jobId: { in: jobIds } }, orderBy: { pageCount: "desc" } });
    expect(results.map((result) => result.pageCount)).toEqual([3, 2]);
  });
});
