import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileForm, expectError, type ApiClient, apiClient, UNKNOWN_ID, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const STATUSES = ["queued", "processing", "completed", "failed", "cancelled"];

async function filesForm(count: number, fields: Record<string, string> = {}): Promise<FormData> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const bytes = await uniqueFixture("tiny.gif");
  for (let i = 0; i < count; i += 1) {
    // Each file different, so none is a duplicate of another.
    form.append("files", new Blob([new Uint8Array(Buffer.concat([bytes, Buffer.from(`#${i}`)]))]), `batch-${i}.gif`);
  }
  return form;
}

describe("when a user submits a batch (no worker: jobs stay queued)", () => {
  let service: TestService;
  let client: ApiClient;
  let other: ApiClient;
  let userId: string;

  const upload = async (client: ApiClient) => {
    const { body } = await client.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.bmp"), "doc.bmp"));
    return body.document.id as string;
  };
  const rowsOf = async () => ({
    documents: await service.db.document.count({ where: { ownerId: userId } }),
    jobs: await service.db.job.count({ where: { ownerId: userId } }),
    batches: await service.db.batch.count({ where: { ownerId: userId } }),
    files: (await service.storedFiles()).length,
  });

  beforeAll(async () => {
    service = await startTestService();
    const user = await service.createUser("owner");
    userId = user.userId;
    client = apiClient(service.baseUrl, user.key);
    other = apiClient(service.baseUrl, (await service.createUser("other")).key);
  });
  afterAll(async () => service?.close());

  it("creates a batch and one queued job per document from JSON, and reports its progress", async () => {
    const documentIds = [await upload(client), await upload(client), await upload(client)];
    const response = await client.postJson("/api/v1/jobs/batch", { documentIds, priority: "low", languages: "eng" });
    expect(response.status).toBe(202);
    const { batch, jobs } = response.body;
    expect(response.headers.get("location")).toBe(`/api/v1/batches/${batch.id}`);
    expect(batch).toEqual({ id: batch.id, jobIds: jobs.map((job: { id: string }) => job.id), total: 3 });
    expect(jobs.map((job: { documentId: string }) => job.documentId)).toEqual(documentIds);
    for (const job of jobs) {
      expect(job).toMatchObject({ batchId: batch.id, status: "queued", priority: "low", languages: ["eng"], cached: false });
      expect(await service.queues.low.getJob(job.id)).toBeDefined();
    }

    await client.post(`/api/v1/jobs/${jobs[0].id}/cancel`);
    await service.db.job.update({ where: { id: jobs[1].id }, data: { status: "processing", progress: 50 } });
    const progress = await client.get(`/api/v1/batches/${batch.id}`);
    expect(progress.status).toBe(200);
    expect(progress.body.batch).toMatchObject({
      id: batch.id,
      total: 3,
      counts: { queued: 1, processing: 1, completed: 0, failed: 0, cancelled: 1 },
      progress: 17,
    });
    expect(Object.keys(progress.body.batch.counts).sort()).toEqual([...STATUSES].sort());

    const listed = await client.get(`/api/v1/jobs?batchId=${batch.id}`);
    expect(listed.body.total).toBe(3);
    expect(new Set(listed.body.items.map((job: { id: string }) => job.id))).toEqual(new Set(batch.jobIds));
  });

  it("uploads and submits repeated `files` with the options as form fields", async () => {
    const before = await rowsOf();
    const response = await client.postForm("/api/v1/jobs/batch", await filesForm(3, { priority: "9" }));
    expect(response.status).toBe(202);
    expect(response.body.batch.total).toBe(3);
    expect(response.body.jobs.every((job: { priority: string }) => job.priority === "high")).toBe(true);
    expect(new Set(response.body.jobs.map((job: { documentId: string }) => job.documentId)).size).toBe(3);
    for (const job of response.body.jobs) expect(await service.queues.high.getJob(job.id)).toBeDefined();
    const after = await rowsOf();
    expect(after).toEqual({ documents: before.documents + 3, jobs: before.jobs + 3, batches: before.batches + 1, files: before.files + 3 });
  });

  it("gives the same file sent twice in one batch one document and two jobs", async () => {
    const before = await rowsOf();
    const bytes = await uniqueFixture("tiny.webp");
    const form = new FormData();
    for (const name of ["first.webp", "second.webp"]) form.append("files", new Blob([new Uint8Array(bytes)]), name);
    const response = await client.postForm("/api/v1/jobs/batch", form);
    expect(response.status).toBe(202);
    const [first, second] = response.body.jobs;
    expect(first.documentId).toBe(second.documentId);
    expect(await rowsOf()).toEqual({
      ...before,
      documents: before.documents + 1,
      jobs: before.jobs + 2,
      batches: before.batches + 1,
      files: before.files + 1,
    });
  });

  it("refuses 0 or 51 documents with 400 and creates nothing", async () => {
    const before = await rowsOf();
    expectError(await client.postJson("/api/v1/jobs/batch", { documentIds: [] }), 400, "VALIDATION_FAILED");
    const tooMany = Array.from({ length: 51 }, () => UNKNOWN_ID);
    expectError(await client.postJson("/api/v1/jobs/batch", { documentIds: tooMany }), 400, "VALIDATION_FAILED");
    expect(await rowsOf()).toEqual(before);
  });

  it("refuses 51 files with 400 before storing any, and leaves nothing on disk", async () => {
    const before = await rowsOf();
    const response = await client.postForm("/api/v1/jobs/batch", await filesForm(51));
    expectError(response, 400, "TOO_MANY_FILES");
    expect(await rowsOf()).toEqual(before);
  });

  it("refuses a form without files with 400", async () => {
    const form = new FormData();
    form.append("priority", "high");
    expectError(await client.postForm("/api/v1/jobs/batch", form), 400, "FILE_MISSING");
  });

  it("refuses a bad option or an unknown language with 422 before storing anything", async () => {
    const before = await rowsOf();
    expectError(await client.postForm("/api/v1/jobs/batch", await filesForm(2, { priority: "urgent" })), 422, "INVALID_OPTION");
    const unknown = expectError(
      await client.postForm("/api/v1/jobs/batch", await filesForm(2, { languages: "xyz" })),
      422,
      "UNKNOWN_LANGUAGE",
    );
    expect(unknown.body.error.details.installed).toContain("eng");
    const documentId = await upload(client);
    const afterUpload = await rowsOf();
    expectError(await client.postJson("/api/v1/jobs/batch", { documentIds: [documentId], languages: ["xyz"] }), 422, "UNKNOWN_LANGUAGE");
    expect(await rowsOf()).toEqual(afterUpload);
    expect(afterUpload.documents).toBe(before.documents + 1);
  });

  it("refuses the whole batch when one file is not an image, keeping none of the others", async () => {
    const before = await rowsOf();
    const form = await filesForm(2);
    form.append("files", new Blob(["just text, not an image"]), "notes.png");
    expectError(await client.postForm("/api/v1/jobs/batch", form), 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(await rowsOf()).toEqual(before);
  });

  it("answers 404 listing the documents that are not the caller's, creating nothing", async () => {
    const mine = await upload(client);
    const theirs = await upload(other);
    const before = await rowsOf();
    const response = expectError(await client.postJson("/api/v1/jobs/batch", { documentIds: [mine, theirs] }), 404, "NOT_FOUND");
    expect(response.body.error.details.missing).toEqual([theirs]);
    expect(await rowsOf()).toEqual(before);
  });

  it("answers 404 for another user's batch and 400 for a non-UUID id", async () => {
    const { body } = await client.postJson("/api/v1/jobs/batch", { documentIds: [await upload(client)] });
    expectError(await other.get(`/api/v1/batches/${body.batch.id}`), 404, "NOT_FOUND");
    expectError(await client.get(`/api/v1/batches/${UNKNOWN_ID}`), 404, "NOT_FOUND");
    expectError(await client.get("/api/v1/batches/nope"), 400, "VALIDATION_FAILED");
    expect((await other.get(`/api/v1/jobs?batchId=${body.batch.id}`)).body.total).toBe(0);
  });
});

describe("when the queue is down while a batch is submitted", () => {
  let service: TestService;
  let client: ApiClient;
  let userId: string;

  beforeAll(async () => {
    service = await startTestService({ apiRedisUrl: "redis://127.0.0.1:1" });
    const user = await service.createUser();
    userId = user.userId;
    client = apiClient(service.baseUrl, user.key);
  });
  afterAll(async () => service?.close());

  it("answers 503 and leaves no document, job, batch or file behind", async () => {
    const response = await client.postForm("/api/v1/jobs/batch", await filesForm(4));
    expectError(response, 503, "DEPENDENCY_UNAVAILABLE");
    expect(await service.db.document.count({ where: { ownerId: userId } })).toBe(0);
    expect(await service.db.job.count({ where: { ownerId: userId } })).toBe(0);
    expect(await service.db.batch.count({ where: { ownerId: userId } })).toBe(0);
    expect(await service.storedFiles()).toEqual([]);
  });

  it("keeps the documents that existed before when a JSON batch fails", async () => {
    const { body } = await client.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.gif"), "kept.gif"));
    expectError(await client.postJson("/api/v1/jobs/batch", { documentIds: [body.document.id] }), 503, "DEPENDENCY_UNAVAILABLE");
    expect((await client.get(`/api/v1/documents/${body.document.id}`)).status).toBe(200);
    expect(await service.db.job.count({ where: { ownerId: userId } })).toBe(0);
    expect(await service.db.batch.count({ where: { ownerId: userId } })).toBe(0);
  });
});
