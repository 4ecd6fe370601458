import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileForm, waitForJob, type ApiClient, apiClient, uniqueFixture } from "../support/http-client.ts";
import { makeTessdataDir } from "../support/tessdata-dir.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

describe("when content already OCRed with the same languages is submitted again", () => {
  let service: TestService;
  let alice: ApiClient;
  let bob: ApiClient;
  let bytes: Buffer;
  let original: any;
  let originalResult: any;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    alice = apiClient(service.baseUrl, (await service.createUser("alice")).key);
    bob = apiClient(service.baseUrl, (await service.createUser("bob")).key);
    bytes = await uniqueFixture("two-pages.pdf");
    const submitted = await alice.postForm("/api/v1/jobs", fileForm(bytes, "report.pdf", { languages: "eng" }));
    original = await waitForJob(alice, submitted.body.job.id);
    expect(original).toMatchObject({ status: "completed", cached: false });
    originalResult = (await alice.get(`/api/v1/jobs/${original.id}/result`)).body;
  });
  afterAll(async () => service?.close());

  it("answers from the cache for another user at once: completed, cached, with the same result and no queue entry", async () => {
    const started = performance.now();
    const submitted = await bob.postForm("/api/v1/jobs", fileForm(bytes, "bobs-copy.pdf"));
    const result = await bob.get(`/api/v1/jobs/${submitted.body.job.id}/result`);
    const elapsedMs = performance.now() - started;
    console.info(`result cache: upload+submit to result available in ${elapsedMs.toFixed(1)} ms`);

    expect(submitted.status).toBe(202);
    const job = submitted.body.job;
    expect(job).toMatchObject({ status: "completed", cached: true, progress: 100, error: null, attempts: 0 });
    expect(Date.parse(job.startedAt)).toBeGreaterThan(0);
    expect(Date.parse(job.finishedAt)).toBeGreaterThan(0);
    expect(await service.queues.normal.getJob(job.id)).toBeUndefined();

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ ...originalResult, jobId: job.id, documentId: job.documentId, cached: true });
    const document = await bob.get(`/api/v1/documents/${job.documentId}`);
    expect(document.body.document.pageCount).toBe(2);
  });

  it("answers from the cache for a JSON submit of an uploaded document, and in a batch", async () => {
    const { body } = await alice.postForm("/api/v1/documents", fileForm(bytes, "report.pdf"));
    const single = await alice.postJson("/api/v1/jobs", { documentId: body.document.id, priority: "high" });
    expect(single.body.job).toMatchObject({ status: "completed", cached: true, priority: "high" });

    const batch = await alice.postJson("/api/v1/jobs/batch", { documentIds: [body.document.id, body.document.id] });
    expect(batch.status).toBe(202);
    expect(batch.body.jobs.map((job: { status: string; cached: boolean }) => [job.status, job.cached])).toEqual([
      ["completed", true],
      ["completed", true],
    ]);
    const progress = await alice.get(`/api/v1/batches/${batch.body.batch.id}`);
    expect(progress.body.batch).toMatchObject({ total: 2, progress: 100, counts: { completed: 2, queued: 0 } });
  });

  it("keeps a cached job's result when the job it was copied from is deleted", async () => {
    const { body } = await bob.postForm("/api/v1/jobs", fileForm(bytes, "again.pdf"));
    const cachedJob = body.job;
    const source = await alice.postForm("/api/v1/jobs", fileForm(bytes, "source.pdf"));
    expect((await alice.delete(`/api/v1/jobs/${source.body.job.id}`)).status).toBe(204);
    expect((await bob.get(`/api/v1/jobs/${cachedJob.id}/result?format=text`)).body).toBe(originalResult.text);
  });

  it("runs OCR again for another set of languages", async () => {
    const submitted = await bob.postForm("/api/v1/jobs", fileForm(bytes, "french.pdf", { languages: "fra" }));
    expect(submitted.body.job).toMatchObject({ status: "queued", cached: false, languages: ["fra"] });
    expect(await service.queues.normal.getJob(submitted.body.job.id)).toBeDefined();
    const done = await waitForJob(bob, submitted.body.job.id);
    expect(done).toMatchObject({ status: "completed", cached: false, attempts: 1 });
  });

  it.each<Record<string, string>>([{ mode: "general" }, { resolution: "large" }, { textLayer: "ocr" }, { revealIdentifiers: "true" }])(
    "is not used for another reading option: %o",
    async (option) => {
      const submitted = await bob.postForm("/api/v1/jobs", fileForm(bytes, "other-options.pdf", option));
      expect(submitted.body.job).toMatchObject({ status: "queued", cached: false });
      const { revealIdentifiers, ...named } = option;
      expect(submitted.body.job).toMatchObject({ ...named, revealIdentifiers: revealIdentifiers === "true" });
      expect((await bob.post(`/api/v1/jobs/${submitted.body.job.id}/cancel`)).status).toBe(200);
    },
  );

  it("runs OCR again for different content", async () => {
    const submitted = await bob.postForm("/api/v1/jobs", fileForm(await uniqueFixture("two-pages.pdf"), "other.pdf"));
    expect(submitted.body.job).toMatchObject({ status: "queued", cached: false });
  });

  it("counts every lookup as a hit or a miss on /metrics", async () => {
    const lookups = async () => {
      const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
      const count = (result: string) =>
        Number(text.match(new RegExp(`ocrflow_result_cache_lookups_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)`))?.[1]);
      return { hit: count("hit"), miss: count("miss") };
    };
    const before = await lookups();
    await bob.postForm("/api/v1/jobs", fileForm(bytes, "hit.pdf"));
    await bob.postForm("/api/v1/jobs", fileForm(await uniqueFixture("two-pages.pdf"), "miss.pdf"));
    expect(await lookups()).toEqual({ hit: before.hit + 1, miss: before.miss + 1 });
  });
});

// Three installations on one database: API and worker on the bundled model, both on a
// TESSDATA_DIR, and an API on the bundled model whose worker was given the TESSDATA_DIR.
describe("when the same content is read with another model folder", () => {
  const BUNDLED = /^tesseract\.js@[^/]+\/4\.0\.0_best_int\/eng:[0-9a-f]{16}$/;
  const TESSDATA = /^tesseract\.js@[^/]+\/tessdata\/eng:[0-9a-f]{16}$/;
  let tessdataDir: string;
  let bundled: TestService;
  let tessdata: TestService;
  let mismatched: TestService;
  let onBundled: ApiClient;
  let onTessdata: ApiClient;
  let onMismatched: ApiClient;

  const submitAndWait = async (client: ApiClient, bytes: Buffer) => {
    const submitted = await client.postForm("/api/v1/jobs", fileForm(bytes, "hi.gif"));
    expect(submitted.status).toBe(202);
    const job = await waitForJob(client, submitted.body.job.id);
    const result = (await client.get(`/api/v1/jobs/${job.id}/result`)).body;
    return { submitted: submitted.body.job, job, result };
  };

  beforeAll(async () => {
    tessdataDir = await makeTessdataDir(["eng"]);
    [bundled, tessdata, mismatched] = await Promise.all([
      startTestService({ withWorker: true }),
      startTestService({ withWorker: true, env: { TESSDATA_DIR: tessdataDir } }),
      startTestService({ withWorker: true, worker: { tessdataDir } }),
    ]);
    onBundled = apiClient(bundled.baseUrl, (await bundled.createUser()).key);
    onTessdata = apiClient(tessdata.baseUrl, (await tessdata.createUser()).key);
    onMismatched = apiClient(mismatched.baseUrl, (await mismatched.createUser()).key);
  });
  afterAll(async () => {
    await Promise.all([bundled, tessdata, mismatched].map((service) => service?.close()));
    if (tessdataDir) await rm(tessdataDir, { recursive: true, force: true });
  });

  it("runs OCR again for the other model, and each model's next submit is answered from its own result", async () => {
    const bytes = await uniqueFixture("tiny.gif");
    const first = await submitAndWait(onBundled, bytes);
    expect(first.job).toMatchObject({ status: "completed", cached: false });
    expect(first.result.engine).toMatch(BUNDLED);

    const other = await submitAndWait(onTessdata, bytes);
    expect(other.submitted).toMatchObject({ status: "queued", cached: false });
    expect(other.job).toMatchObject({ status: "completed", cached: false, attempts: 1 });
    expect(other.result).toMatchObject({ text: first.result.text, engine: expect.stringMatching(TESSDATA) });

    const [againBundled, againTessdata] = [await submitAndWait(onBundled, bytes), await submitAndWait(onTessdata, bytes)];
    expect(againBundled.submitted).toMatchObject({ status: "completed", cached: true });
    expect(againBundled.result.engine).toBe(first.result.engine);
    expect(againTessdata.submitted).toMatchObject({ status: "completed", cached: true });
    expect(againTessdata.result.engine).toBe(other.result.engine);
  });

  it("never answers from a worker's result that used another model than its API assumed; an API on that model finds it", async () => {
    const bytes = await uniqueFixture("tiny.gif");
    const first = await submitAndWait(onMismatched, bytes);
    expect(first.job).toMatchObject({ status: "completed", cached: false });
    expect(first.result.engine).toMatch(TESSDATA);

    const again = await submitAndWait(onMismatched, bytes);
    expect(again.submitted).toMatchObject({ status: "queued", cached: false });
    expect(again.result.engine).toMatch(TESSDATA);

    const onItsModel = await submitAndWait(onTessdata, bytes);
    expect(onItsModel.submitted).toMatchObject({ status: "completed", cached: true });
    expect(onItsModel.result.engine).toBe(first.result.engine);
  });
});
