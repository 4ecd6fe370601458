import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineProbe, forever } from "../support/engine-probe.ts";
import { type ApiClient, apiClient, FIXTURES_DIR, fileForm, fixture, waitForJob, uniqueCopy } from "../support/http-client.ts";
import { queueEntryIn } from "../support/queue-entry.ts";
import { spawnEntry, waitForExit } from "../support/service-processes.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";
import { waitFor } from "../support/wait-for.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

const expected: Record<string, string[][]> = JSON.parse(await readFile(path.join(FIXTURES_DIR, "expected.json"), "utf8"));
const TIFF_PAGES = expected["three-pages.tiff"]!.map((lines) => lines.join("\n"));

describe("when a job stops part-way and runs again", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService();
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  async function submitThreePages(): Promise<string> {
    const { status, body } = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("three-pages.tiff")), "scan.tiff"));
    expect(status).toBe(202);
    return body.job.id;
  }

  async function storedPages(jobId: string): Promise<number[]> {
    return (await service.db.jobPage.findMany({ where: { jobId }, orderBy: { page: "asc" } })).map((page) => page.page);
  }

  /** Completed, with every page once, in order, each with its own text. */
  async function expectWholeResult(jobId: string) {
    const job = await waitForJob(client, jobId);
    expect(job.status).toBe("completed");
    const { body: result } = await client.get(`/api/v1/jobs/${jobId}/result`);
    expect(result.pageCount).toBe(3);
    expect(result.pages.map((page: { page: number }) => page.page)).toEqual([1, 2, 3]);
    for (const [index, text] of TIFF_PAGES.entries()) expect(characterErrorRate(text, result.pages[index].text)).toBeLessThan(0.03);
    expect(result.text.split("\f")).toHaveLength(3);
    return job;
  }

  it("retries after a failure on page 2 and OCRs only pages 2 and 3 again", async () => {
    const probe = new EngineProbe();
    probe.reset((call) => {
      if (call === 2) throw new Error("engine worker crashed");
    });
    const worker = await service.startWorker({ wrapEngine: probe.wrap });
    try {
      const job = await expectWholeResult(await submitThreePages());
      expect(job.attempts).toBe(2);
      // Page 1 once in the first attempt; pages 2 and 3 once in the second.
      expect(probe.recognized).toBe(3);
      expect(probe.calls).toBe(4);
    } finally {
      await worker.close();
    }
  });

  it("gives up on a page that hangs, as a retryable failure, and the retry resumes at that page", async () => {
    const probe = new EngineProbe();
    probe.reset((call) => (call === 2 ? forever() : undefined));
    const worker = await service.startWorker({ wrapEngine: probe.wrap, pageTimeoutMs: 10_000 });
    try {
      const job = await expectWholeResult(await submitThreePages());
      expect(job.attempts).toBe(2);
      expect(probe.recognized).toBe(3);
    } finally {
      await worker.close();
    }
  });

  it("hands a running job back on shutdown; another worker takes it at once and reads only the pages left", async () => {
    const first = new EngineProbe();
    first.reset((call) => (call === 2 ? forever() : undefined));
    const firstWorker = await service.startWorker({ wrapEngine: first.wrap });
    const jobId = await submitThreePages();
    await waitFor("page 1 stored and page 2 under way", async () => first.calls === 2 && (await storedPages(jobId)).length === 1);

    await firstWorker.close(200);
    const row = await service.db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    // Back in its queue, unlocked, not counted as an attempt: no stalled-job timeout to wait for.
    expect(await queueEntryIn(service.queues, row, ["prioritized", "waiting"])).toMatchObject({ attemptsMade: 0 });

    const second = new EngineProbe();
    const secondWorker = await service.startWorker({ wrapEngine: second.wrap });
    try {
      const job = await expectWholeResult(jobId);
      expect(job.attempts).toBe(1);
      expect(second.recognized).toBe(2);
    } finally {
      await secondWorker.close();
    }
  });

  it("lets a running job finish on shutdown when it does within the grace time", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const probe = new EngineProbe();
    probe.reset((call) => (call === 1 ? gate : undefined));
    const worker = await service.startWorker({ wrapEngine: probe.wrap });
    const jobId = await submitThreePages();
    await waitFor("page 1 under way", async () => probe.calls === 1);

    const closed = worker.close(120_000);
    release();
    await closed;
    const job = await expectWholeResult(jobId);
    expect(job.attempts).toBe(1);
    expect(probe.recognized).toBe(3);
  });

  it("recovers the job of a worker process killed outright, resuming after its last stored page", async () => {
    const jobId = await submitThreePages();
    const doomed = spawnEntry("apps/worker/src/main.ts", {
      DATABASE_URL: fileDatabaseUrl(),
      REDIS_URL: service.redisUrl,
      QUEUE_PREFIX: service.prefix,
      STORAGE_DIR: service.storage.root,
      // One OCR thread: pages one after another, so two are still to do when the first is stored.
      WORKER_CONCURRENCY: "1",
    });
    try {
      await waitFor("page 1 stored by the worker process", async () => (await storedPages(jobId)).length > 0, 120_000, 50);
    } finally {
      doomed.child.kill("SIGKILL");
      await waitForExit(doomed, 10_000);
    }
    const donePages = (await storedPages(jobId)).length;
    expect((await service.db.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("processing");

    // Its lock expires (30 s); this worker's stalled-job check then puts the job back in its queue.
    const probe = new EngineProbe();
    const worker = await service.startWorker({ wrapEngine: probe.wrap, stalledIntervalMs: 1_000 });
    try {
      await expectWholeResult(jobId);
      expect(probe.recognized).toBe(3 - donePages);
    } finally {
      await worker.close();
    }
  });
});
