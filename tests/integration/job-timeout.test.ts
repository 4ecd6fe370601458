import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineProbe, forever } from "../support/engine-probe.ts";
import { type ApiClient, apiClient, fileForm, fixture, waitForJob, uniqueCopy } from "../support/http-client.ts";
import { queueEntryIn } from "../support/queue-entry.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

// Every page takes at least this long with the slowed engine: three pages cannot fit in the limit.
const SLOW_PAGE_MS = 1_000;
const JOB_TIMEOUT_MS = 2_000;

describe("when a job runs past its time limit", () => {
  const probe = new EngineProbe();
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true, worker: { jobTimeoutMs: JOB_TIMEOUT_MS, wrapEngine: probe.wrap } });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  async function submit(name: string): Promise<string> {
    const { status, body } = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture(name)), name));
    expect(status).toBe(202);
    return body.job.id;
  }

  async function expectTimedOut(jobId: string) {
    const job = await waitForJob(client, jobId);
    expect(job).toMatchObject({ status: "failed", attempts: 1, error: { code: "JOB_TIMEOUT" } });
    const row = await service.db.job.findUniqueOrThrow({ where: { id: jobId } });
    // Not retried: a second attempt would take as long again.
    expect(await queueEntryIn(service.queues, row)).toMatchObject({ state: "failed", attemptsMade: 1 });
    expect(await service.db.result.findUnique({ where: { jobId } })).toBeNull();
    return (await service.db.jobPage.findMany({ where: { jobId } })).length;
  }

  it("fails a slow multi-page job as JOB_TIMEOUT, without a retry, before all its pages are read", async () => {
    probe.reset(() => new Promise((resolve) => setTimeout(resolve, SLOW_PAGE_MS)));
    const storedPages = await expectTimedOut(await submit("three-pages.tiff"));
    expect(storedPages).toBeLessThan(3);
    expect(probe.calls).toBeLessThan(3);
  });

  it("does not wait for a page that never ends: the job times out and the slot serves the next job", async () => {
    probe.reset((call) => (call === 1 ? forever() : undefined));
    const stuck = await submit("three-pages.tiff");
    const next = await submit("tiny.gif");
    expect(await expectTimedOut(stuck)).toBe(0);
    expect((await waitForJob(client, next)).status).toBe("completed");
  });
});
