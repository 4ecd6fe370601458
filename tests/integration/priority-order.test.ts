import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { priorityNameOf } from "../../packages/shared/src/queues.ts";
import { EngineProbe } from "../support/engine-probe.ts";
import { type ApiClient, apiClient, fileForm, fixture, waitForJob, uniqueCopy } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";

// Submitted in this order; low and normal jobs go in before the high ones that must overtake them.
const SCRAMBLED_PRIORITIES = [2, 5, 0, 9, 4, 10, 3, 7, 6, 1, 8];
const QUEUE_RANK = { high: 0, normal: 1, low: 2 } as const;

describe("when jobs of every priority wait while the worker's only slot is busy", () => {
  const probe = new EngineProbe();
  let release: () => void = () => undefined;
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true, worker: { concurrency: 1, wrapEngine: probe.wrap } });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => {
    release();
    await service?.close();
  });

  async function submit(priority: number): Promise<string> {
    const form = fileForm(uniqueCopy(await fixture("tiny.gif")), "tiny.gif", { priority: String(priority) });
    const { status, body } = await client.postForm("/api/v1/jobs", form);
    expect(status).toBe(202);
    return body.job.id;
  }

  it("starts every waiting job most urgent first: high, then normal, then low, by priority inside each", async () => {
    // The first job holds the slot until released, however urgent the others are.
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    probe.reset((call) => (call === 1 ? gate : undefined));
    const blocker = await submit(0);
    await waitFor("the blocking job to reach the engine", async () => probe.calls === 1);

    const waiting = new Map<string, number>();
    for (const priority of SCRAMBLED_PRIORITIES) waiting.set(await submit(priority), priority);
    for (const id of waiting.keys()) expect((await client.get(`/api/v1/jobs/${id}`)).body.job.status).toBe("queued");
    release();

    const jobs = await Promise.all([blocker, ...waiting.keys()].map((id) => waitForJob(client, id)));
    for (const job of jobs) expect(job.status).toBe("completed");
    const startOrder = jobs
      .filter((job) => job.id !== blocker)
      .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
      .map((job) => waiting.get(job.id)!);
    const mostUrgentFirst = [...SCRAMBLED_PRIORITIES].sort(
      (a, b) => QUEUE_RANK[priorityNameOf(a)] - QUEUE_RANK[priorityNameOf(b)] || b - a,
    );
    expect(startOrder).toEqual(mostUrgentFirst);
    expect(startOrder).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });
});
