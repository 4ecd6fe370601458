import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishJobCancel } from "../../packages/shared/src/job-control.ts";
import { createRedis } from "../../packages/shared/src/redis.ts";
import { EngineProbe, forever } from "../support/engine-probe.ts";
import { type ApiClient, apiClient, fileForm, fixture, waitForJob, uniqueCopy } from "../support/http-client.ts";
import { queueEntryIn } from "../support/queue-entry.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

describe("when a job is cancelled while the worker runs it", () => {
  const probe = new EngineProbe();
  let service: TestService;
  let client: ApiClient;
  let redis: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true, worker: { wrapEngine: probe.wrap } });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
    redis = createRedis(service.redisUrl, "producer");
  });
  afterAll(async () => {
    redis?.disconnect();
    await service?.close();
  });

  async function submitThreePages(): Promise<string> {
    const { status, body } = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("three-pages.tiff")), "scan.tiff"));
    expect(status).toBe(202);
    return body.job.id;
  }

  /** What the API's cancel does: the row first (only while active), then the message to workers. */
  async function cancelInDatabase(jobId: string): Promise<void> {
    const { count } = await service.db.job.updateMany({
      where: { id: jobId, status: { in: ["queued", "processing"] } },
      data: { status: "cancelled", finishedAt: new Date() },
    });
    expect(count).toBe(1);
  }

  async function expectStoppedForGood(jobId: string) {
    const job = await waitForJob(client, jobId);
    expect(job.status).toBe("cancelled");
    const entry = await queueEntryIn(service.queues, await service.db.job.findUniqueOrThrow({ where: { id: jobId } }));
    // Failed without a retry: one attempt, nothing delayed or waiting.
    expect(entry).toMatchObject({ state: "failed", attemptsMade: 1 });
    expect(entry.failedReason).toContain("cancelled");
    expect(await service.db.result.findUnique({ where: { jobId } })).toBeNull();
    expect((await client.get(`/api/v1/jobs/${jobId}/result`)).status).toBe(409);
    const pages = await service.db.jobPage.findMany({ where: { jobId }, orderBy: { page: "asc" } });
    // Nothing changes after the stop: still cancelled, no page or result appears later.
    expect((await client.get(`/api/v1/jobs/${jobId}`)).body.job.status).toBe("cancelled");
    return pages.map((page) => page.page);
  }

  it("stops at once, even inside a page that never ends, when the cancel is published", async () => {
    let jobId = "";
    probe.reset(async (call) => {
      if (call !== 1) return;
      await cancelInDatabase(jobId);
      await publishJobCancel(redis, service.prefix, jobId);
      // Only the published message can stop the job now: page 1 never finishes.
      await forever();
    });
    jobId = await submitThreePages();
    const storedPages = await expectStoppedForGood(jobId);
    expect(storedPages).toEqual([]);
    expect(probe.calls).toBe(1);
  });

  it("stops after the page it is on when the cancel message was missed, by checking the database", async () => {
    let jobId = "";
    probe.reset(async (call) => {
      if (call === 2) await cancelInDatabase(jobId);
    });
    jobId = await submitThreePages();
    const storedPages = await expectStoppedForGood(jobId);
    expect(storedPages).toEqual([1]);
    expect(probe.calls).toBe(2);
  });
});

describe("when a queued job is cancelled before a worker takes it", () => {
  it("never reaches the engine and its queue entry ends without a retry", async () => {
    const service = await startTestService();
    try {
      const client = apiClient(service.baseUrl, (await service.createUser()).key);
      const { body } = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("tiny.gif")), "tiny.gif"));
      // Cancelled in the database only, as when the API's removal of the queue entry lost a race with a worker.
      await service.db.job.update({ where: { id: body.job.id }, data: { status: "cancelled", finishedAt: new Date() } });
      const probe = new EngineProbe();
      await service.startWorker({ wrapEngine: probe.wrap });
      const entry = await queueEntryIn(service.queues, await service.db.job.findUniqueOrThrow({ where: { id: body.job.id } }));
      expect(entry).toMatchObject({ state: "failed", attemptsMade: 1 });
      expect(probe.calls).toBe(0);
      expect((await client.get(`/api/v1/jobs/${body.job.id}`)).body.job).toMatchObject({ status: "cancelled", attempts: 0 });
    } finally {
      await service.close();
    }
  });
});
