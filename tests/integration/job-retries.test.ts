import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, fileForm, fixture, waitForJob, uniqueCopy } from "../support/http-client.ts";
import { queueEntryIn } from "../support/queue-entry.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

describe("when a job's attempt fails", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  async function queueEntryOf(jobId: string) {
    return queueEntryIn(service.queues, await service.db.job.findUniqueOrThrow({ where: { id: jobId } }));
  }

  it("retries a transient fault (the stored file cannot be read) with backoff, then fails with its code after 3 attempts", async () => {
    const uploaded = await client.postForm("/api/v1/documents", fileForm(uniqueCopy(await fixture("tiny.gif")), "tiny.gif"));
    expect(uploaded.status).toBe(201);
    const document = await service.db.document.findUniqueOrThrow({ where: { id: uploaded.body.document.id } });
    await service.storage.remove(document.storageKey);

    const submitted = await client.postJson("/api/v1/jobs", { documentId: document.id });
    expect(submitted.status).toBe(202);
    // Between attempts the job waits queued, showing the attempts made and the last error.
    const seenBetweenAttempts = new Set<number>();
    let job = submitted.body.job;
    while (!["completed", "failed", "cancelled"].includes(job.status)) {
      if (job.status === "queued" && job.error) {
        expect(job.error.code).toBe("STORAGE_FAILED");
        seenBetweenAttempts.add(job.attempts);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await client.get(`/api/v1/jobs/${job.id}`)).body.job;
    }
    expect(job).toMatchObject({ status: "failed", attempts: 3, maxAttempts: 3, error: { code: "STORAGE_FAILED" } });
    expect([...seenBetweenAttempts].sort()).toEqual([1, 2]);
    expect(await queueEntryOf(job.id)).toMatchObject({ state: "failed", attemptsMade: 3 });
  });

  it("fails content that cannot be read (a corrupt PDF) at once, without a retry", async () => {
    // Ended with %%EOF: a PDF without one is refused at upload as cut short, before any worker sees it.
    const corrupt = Buffer.concat([Buffer.from("%PDF-1.7\n"), uniqueCopy(Buffer.alloc(2048, 0x41)), Buffer.from("%%EOF\n")]);
    const submitted = await client.postForm("/api/v1/jobs", fileForm(corrupt, "broken.pdf"));
    expect(submitted.status).toBe(202);
    const job = await waitForJob(client, submitted.body.job.id);
    expect(job).toMatchObject({ status: "failed", attempts: 1, error: { code: "CORRUPT_FILE" } });
    expect(await queueEntryOf(job.id)).toMatchObject({ state: "failed", attemptsMade: 1 });
  });
});

describe("when a page has more pixels than the worker allows", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true, worker: { maxPagePixels: 1_000_000 } });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("fails the job at once with TOO_MANY_PIXELS, without a retry", async () => {
    // page-eng.png is 2480 x 925: 2.3 MP.
    const submitted = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("page-eng.png")), "big.png"));
    expect(submitted.status).toBe(202);
    const job = await waitForJob(client, submitted.body.job.id);
    expect(job).toMatchObject({ status: "failed", attempts: 1, error: { code: "TOO_MANY_PIXELS" } });
    expect(job.error.message).toMatch(/limit is 1\.0 MP/);
    const entry = await queueEntryIn(service.queues, await service.db.job.findUniqueOrThrow({ where: { id: job.id } }));
    expect(entry).toMatchObject({ state: "failed", attemptsMade: 1 });
  });
});
