import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileForm, waitForJob } from "../support/http-client.ts";
import { expectError, type ApiClient, apiClient, UNKNOWN_ID, uniqueFixture, waitForJobState } from "../support/http-client.ts";
import { EngineProbe, heldPage } from "../support/engine-probe.ts";
import { queueEntryIn } from "../support/queue-entry.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";

async function submitUpload(client: ApiClient, name: string, fields: Record<string, string> = {}) {
  const response = await client.postForm("/api/v1/jobs", fileForm(await uniqueFixture(name), name, fields));
  expect(response.status).toBe(202);
  return response.body.job;
}

describe("when jobs are listed, cancelled, retried and deleted while no worker runs", () => {
  let service: TestService;
  let client: ApiClient;
  let other: ApiClient;

  beforeAll(async () => {
    service = await startTestService();
    client = apiClient(service.baseUrl, (await service.createUser("owner")).key);
    other = apiClient(service.baseUrl, (await service.createUser("other")).key);
  });
  afterAll(async () => service?.close());

  it("lists the caller's jobs newest first, filtered by status, with pagination", async () => {
    const lister = apiClient(service.baseUrl, (await service.createUser("lister")).key);
    const jobs = [];
    for (let i = 0; i < 4; i += 1) jobs.push(await submitUpload(lister, "tiny.gif"));
    await submitUpload(other, "tiny.gif");
    await lister.post(`/api/v1/jobs/${jobs[1].id}/cancel`);

    const all = await lister.get("/api/v1/jobs?pageSize=100");
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 100, total: 4 });
    expect(new Set(all.body.items.map((job: { id: string }) => job.id))).toEqual(new Set(jobs.map((job) => job.id)));
    const times = all.body.items.map((job: { createdAt: string }) => job.createdAt);
    expect(times).toEqual([...times].sort().reverse());

    const pages = [1, 2, 3].map((page) => lister.get(`/api/v1/jobs?page=${page}&pageSize=3`));
    const [first, second, third] = await Promise.all(pages);
    expect([first.body.items.length, second.body.items.length, third.body.items.length]).toEqual([3, 1, 0]);
    expect([...first.body.items, ...second.body.items].map((job: { id: string }) => job.id)).toEqual(
      all.body.items.map((job: { id: string }) => job.id),
    );

    const cancelled = await lister.get("/api/v1/jobs?status=cancelled");
    expect(cancelled.body.total).toBe(1);
    expect(cancelled.body.items[0]).toMatchObject({ id: jobs[1].id, status: "cancelled" });
    expect((await lister.get("/api/v1/jobs?status=queued")).body.total).toBe(3);
  });

  it("refuses bad list queries with 400", async () => {
    expectError(await client.get("/api/v1/jobs?status=done"), 400, "VALIDATION_FAILED");
    expectError(await client.get("/api/v1/jobs?batchId=abc"), 400, "VALIDATION_FAILED");
    expectError(await client.get("/api/v1/jobs?pageSize=1000"), 400, "VALIDATION_FAILED");
  });

  it("cancels a queued job: removed from its queue, marked cancelled with finishedAt, 409 a second time", async () => {
    const job = await submitUpload(client, "tiny.bmp", { priority: "low" });
    expect(await service.queues.low.getJob(job.id)).toBeDefined();

    const response = await client.post(`/api/v1/jobs/${job.id}/cancel`);
    expect(response.status).toBe(200);
    expect(response.body.job).toMatchObject({ id: job.id, status: "cancelled", progress: 0 });
    expect(Date.parse(response.body.job.finishedAt)).toBeGreaterThan(0);
    expect(await service.queues.low.getJob(job.id)).toBeUndefined();

    expectError(await client.post(`/api/v1/jobs/${job.id}/cancel`), 409, "CONFLICT");
  });

  it("retries a cancelled job: 202, queued again with a fresh queue entry, then 409 for a second retry", async () => {
    const job = await submitUpload(client, "tiny.webp", { priority: "high" });
    await client.post(`/api/v1/jobs/${job.id}/cancel`);

    const response = await client.post(`/api/v1/jobs/${job.id}/retry`);
    expect(response.status).toBe(202);
    expect(response.headers.get("location")).toBe(`/api/v1/jobs/${job.id}`);
    expect(response.body.job).toMatchObject({ id: job.id, status: "queued", error: null, finishedAt: null, attempts: 0 });
    expect(["waiting", "prioritized"]).toContain(await service.queues.high.getJobState(job.id));

    expectError(await client.post(`/api/v1/jobs/${job.id}/retry`), 409, "CONFLICT");
  });

  it("lets only one of two simultaneous retries through, leaving one queue entry", async () => {
    const job = await submitUpload(client, "tiny.gif");
    await client.post(`/api/v1/jobs/${job.id}/cancel`);
    const responses = await Promise.all([client.post(`/api/v1/jobs/${job.id}/retry`), client.post(`/api/v1/jobs/${job.id}/retry`)]);
    expect(responses.map((response) => response.status).sort()).toEqual([202, 409]);
    expect((await client.get(`/api/v1/jobs/${job.id}`)).body.job.status).toBe("queued");
    expect(await service.queues.normal.getJob(job.id)).toBeDefined();
  });

  it("retries a failed job, clearing its error", async () => {
    const job = await submitUpload(client, "tiny.gif");
    await service.queues.normal.remove(job.id);
    await service.db.job.update({
      where: { id: job.id },
      data: { status: "failed", errorCode: "OCR_FAILED", errorMessage: "boom", attempts: 3, finishedAt: new Date() },
    });
    expect((await client.get(`/api/v1/jobs/${job.id}`)).body.job.error).toEqual({ code: "OCR_FAILED", message: "boom" });

    const response = await client.post(`/api/v1/jobs/${job.id}/retry`);
    expect(response.status).toBe(202);
    expect(response.body.job).toMatchObject({ status: "queued", error: null, attempts: 0, finishedAt: null });
    expect(await service.queues.normal.getJob(job.id)).toBeDefined();
  });

  it("refuses to retry a queued job with 409", async () => {
    const job = await submitUpload(client, "tiny.gif");
    expectError(await client.post(`/api/v1/jobs/${job.id}/retry`), 409, "CONFLICT");
  });

  it("refuses to delete a queued job (409), deletes it once cancelled (204), and then it is gone", async () => {
    const job = await submitUpload(client, "tiny.bmp");
    expectError(await client.delete(`/api/v1/jobs/${job.id}`), 409, "CONFLICT");
    await client.post(`/api/v1/jobs/${job.id}/cancel`);

    const response = await client.delete(`/api/v1/jobs/${job.id}`);
    expect(response.status).toBe(204);
    expectError(await client.get(`/api/v1/jobs/${job.id}`), 404, "NOT_FOUND");
    expectError(await client.delete(`/api/v1/jobs/${job.id}`), 404, "NOT_FOUND");
    expect(await service.db.job.count({ where: { id: job.id } })).toBe(0);
    expect(await service.queues.normal.getJob(job.id)).toBeUndefined();
  });

  it("answers another user's job exactly like a missing one, and a non-UUID with 400", async () => {
    const job = await submitUpload(client, "tiny.gif");
    for (const id of [job.id, UNKNOWN_ID]) {
      expectError(await other.get(`/api/v1/jobs/${id}`), 404, "NOT_FOUND");
      expectError(await other.post(`/api/v1/jobs/${id}/cancel`), 404, "NOT_FOUND");
      expectError(await other.post(`/api/v1/jobs/${id}/retry`), 404, "NOT_FOUND");
      expectError(await other.delete(`/api/v1/jobs/${id}`), 404, "NOT_FOUND");
      expectError(await other.get(`/api/v1/jobs/${id}/result`), 404, "NOT_FOUND");
      expectError(await other.get(`/api/v1/jobs/${id}/events`), 404, "NOT_FOUND");
    }
    expect((await client.get(`/api/v1/jobs/${job.id}`)).body.job.status).toBe("queued");
    for (const route of ["/cancel", "/retry"]) expectError(await client.post(`/api/v1/jobs/bad-id${route}`), 400, "VALIDATION_FAILED");
    expectError(await client.delete("/api/v1/jobs/bad-id"), 400, "VALIDATION_FAILED");
  });
});

describe("when a job is cancelled while a worker processes it", () => {
  let service: TestService;
  let client: ApiClient;
  // Page 2 of each job waits for the test: the cancel lands while the job is certainly processing.
  const probe = new EngineProbe();

  beforeAll(async () => {
    service = await startTestService({ withWorker: true, worker: { wrapEngine: probe.wrap } });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("stays cancelled (never completed), keeps its finished pages, and a retry resumes it to completion", async () => {
    const page2 = heldPage();
    probe.reset((call) => (call === 2 ? page2.wait() : undefined));
    const job = await submitUpload(client, "three-pages.tiff");
    await waitForJobState(client, job.id, (current) => current.status === "processing" && current.progress > 0);

    const cancelled = await client.post(`/api/v1/jobs/${job.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.job.status).toBe("cancelled");
    const keptPages = await service.db.jobPage.count({ where: { jobId: job.id } });
    expect(keptPages).toBe(1);

    // The worker stops within the page it was reading (told through the cancel channel) and lets go
    // of the queue entry; the page, once it ends, must not complete the job.
    await queueEntryIn(service.queues, job);
    page2.release();
    expect((await client.get(`/api/v1/jobs/${job.id}`)).body.job.status).toBe("cancelled");
    expect(await service.db.result.count({ where: { jobId: job.id } })).toBe(0);
    expectError(await client.get(`/api/v1/jobs/${job.id}/result`), 409, "CONFLICT");
    expectError(await client.post(`/api/v1/jobs/${job.id}/cancel`), 409, "CONFLICT");

    const retried = await client.post(`/api/v1/jobs/${job.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.job.status).toBe("queued");
    expect(await service.db.jobPage.count({ where: { jobId: job.id } })).toBeGreaterThanOrEqual(keptPages);

    const done = await waitForJob(client, job.id);
    expect(done.status).toBe("completed");
    const result = await client.get(`/api/v1/jobs/${job.id}/result`);
    expect(result.body.pageCount).toBe(3);
    expect(result.body.pages.map((page: { page: number }) => page.page)).toEqual([1, 2, 3]);
  });

  it("deletes a cancelled job only once its worker has stopped, so no page is written for it afterwards", async () => {
    const page2 = heldPage();
    probe.reset((call) => (call === 2 ? page2.wait() : undefined));
    const job = await submitUpload(client, "three-pages.tiff");
    await waitForJobState(client, job.id, (current) => current.status === "processing" && current.progress > 0);
    expect((await client.post(`/api/v1/jobs/${job.id}/cancel`)).status).toBe(200);

    // Refused (409) while the worker still holds the job's queue entry, then deleted once it let go.
    const early = await client.delete(`/api/v1/jobs/${job.id}`);
    if (early.status !== 204) {
      expectError(early, 409, "CONFLICT");
      expect(early.body.error.message).toMatch(/not stopped yet/);
      await queueEntryIn(service.queues, job);
      expect((await client.delete(`/api/v1/jobs/${job.id}`)).status).toBe(204);
    }
    // The page the cancelled attempt was reading now ends: the attempt was given up, so it writes nothing.
    page2.release();
    await waitFor("page 2 to come back from the engine", () => probe.recognized >= 2);
    expect(await service.db.jobPage.count({ where: { jobId: job.id } })).toBe(0);
    expect(await service.db.job.count({ where: { id: job.id } })).toBe(0);
  });

  it("deletes a completed job with its pages and result", async () => {
    const job = await submitUpload(client, "tiny.gif");
    const done = await waitForJob(client, job.id);
    expect(done.status).toBe("completed");
    expectError(await client.post(`/api/v1/jobs/${job.id}/cancel`), 409, "CONFLICT");
    expectError(await client.post(`/api/v1/jobs/${job.id}/retry`), 409, "CONFLICT");

    expect((await client.delete(`/api/v1/jobs/${job.id}`)).status).toBe(204);
    expect(await service.db.job.count({ where: { id: job.id } })).toBe(0);
    expect(await service.db.jobPage.count({ where: { jobId: job.id } })).toBe(0);
    expect(await service.db.result.count({ where: { jobId: job.id } })).toBe(0);
    expectError(await client.get(`/api/v1/jobs/${job.id}/result`), 404, "NOT_FOUND");
  });
});
