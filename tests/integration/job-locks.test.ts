import { QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OCR_QUEUES } from "../../packages/shared/src/queues.ts";
import { createRedis } from "../../packages/shared/src/redis.ts";
import { EngineProbe } from "../support/engine-probe.ts";
import { type ApiClient, apiClient, fileForm, fixture, waitForJob, uniqueCopy } from "../support/http-client.ts";
import { queueEntryIn } from "../support/queue-entry.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

// Each page takes longer than the whole lock: only renewals keep the job this worker's.
const LOCK_MS = 1_000;
const SLOW_PAGE_MS = 1_500;

describe("when a job runs far longer than its queue lock", () => {
  const probe = new EngineProbe();
  const stalled: string[] = [];
  let service: TestService;
  let client: ApiClient;
  let events: QueueEvents;

  beforeAll(async () => {
    service = await startTestService({
      withWorker: true,
      worker: { lockDurationMs: LOCK_MS, stalledIntervalMs: LOCK_MS / 4, wrapEngine: probe.wrap },
    });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
    events = new QueueEvents(OCR_QUEUES.normal, { connection: createRedis(service.redisUrl, "worker"), prefix: service.prefix });
    events.on("stalled", ({ jobId }) => stalled.push(jobId));
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events?.close();
    await service?.close();
  });

  it("keeps the lock renewed: never seen as stalled, finished in one attempt", async () => {
    probe.reset(() => new Promise((resolve) => setTimeout(resolve, SLOW_PAGE_MS)));
    const { body } = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("three-pages.tiff")), "scan.tiff"));
    const job = await waitForJob(client, body.job.id);
    expect(job).toMatchObject({ status: "completed", attempts: 1 });
    const row = await service.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(await queueEntryIn(service.queues, row)).toMatchObject({ state: "completed", attemptsMade: 1 });
    expect(stalled).toEqual([]);
    expect(probe.calls).toBe(3);
  });
});
