import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamOwnerEvents } from "../../apps/api/src/events/stream-owner-events.ts";
import { removeOrphanPageImages } from "../../apps/api/src/storage-cleanup/remove-orphan-page-images.ts";
import { sharp } from "../../bench/lib/sharp.ts";
import { pageImageStorage } from "../../packages/shared/src/storage.ts";
import type { JobEventSink } from "../../apps/api/src/jobs/stream-job-events.ts";
import { capabilitiesSchema, jobPageResponseSchema, jobSchema, RESULT_FORMATS } from "../../packages/shared/src/validators/index.ts";
import { readEventStream, type StreamedEvent } from "../support/event-stream.ts";
import { fileForm, waitForJob, expectError, apiClient, type ApiClient, UNKNOWN_ID, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

describe("GET /api/v1/events, one stream of all the user's jobs", () => {
  let service: TestService;
  let key: string;
  let client: ApiClient;
  let other: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    key = (await service.createUser()).key;
    client = apiClient(service.baseUrl, key);
    other = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("sends ready, then each new job and each of its changes up to its end, and nothing of another user's jobs", async () => {
    const events: StreamedEvent[] = [];
    let jobId: string | undefined;
    const done = readEventStream(`${service.baseUrl}/api/v1/events`, {
      headers: { authorization: `Bearer ${key}` },
      stopWhen: (seen) => {
        events.splice(0, events.length, ...seen);
        return seen.some((event) => event.event === "job" && event.data.id === jobId && event.data.status === "completed");
      },
    });
    // Submitted once the stream is open, as the web app does.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (events.some((event) => event.event === "ready")) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    const foreign = await other.postForm("/api/v1/jobs", fileForm(await uniqueFixture("tiny.gif"), "other.gif"));
    const own = await client.postForm("/api/v1/jobs", fileForm(await uniqueFixture("two-pages.pdf"), "two.pdf"));
    jobId = own.body.job.id;
    const { response } = await done;
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(events[0]!.event).toBe("ready");
    const jobEvents = events.filter((event) => event.event === "job");
    for (const event of jobEvents) jobSchema.parse(event.data);
    expect(jobEvents.every((event) => event.data.id === jobId)).toBe(true);
    expect(jobEvents.map((event) => event.data.id)).not.toContain(foreign.body.job.id);
    const statuses = jobEvents.map((event) => event.data.status);
    // The stream reports what each poll sees: a fast worker may already hold the
    // job at the first poll, so "queued" can be missed, but states never go back.
    const lifecycle = ["queued", "processing", "completed"];
    expect(statuses.every((status) => lifecycle.includes(status))).toBe(true);
    expect(statuses.map((status) => lifecycle.indexOf(status))).toEqual(statuses.map((status) => lifecycle.indexOf(status)).sort());
    expect(statuses.at(-1)).toBe("completed");
    // Progress moves page by page and never goes back; a state is sent once.
    const progress = jobEvents.map((event) => event.data.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(jobEvents.map((event) => JSON.stringify(event.data))).size).toBe(jobEvents.length);
  });

  it("sends resync instead of each job when more changed at once than it sends one by one", async () => {
    const user = await service.createUser();
    const batchClient = apiClient(service.baseUrl, user.key);
    const events: StreamedEvent[] = [];
    const sink: JobEventSink = { event: (event, data) => events.push({ event, data }), comment: () => undefined };
    const stop = new AbortController();
    const streaming = streamOwnerEvents(service.db, user.userId, sink, stop.signal, {
      pollMs: 50,
      heartbeatMs: 60_000,
      lookbackMs: 1000,
      maxChanges: 2,
    });
    const form = new FormData();
    for (const name of ["a.gif", "b.gif", "c.gif"]) form.append("files", new Blob([new Uint8Array(await uniqueFixture("tiny.gif"))]), name);
    const batch = await batchClient.postForm("/api/v1/jobs/batch", form);
    expect(batch.status).toBe(202);
    for (const id of batch.body.batch.jobIds) await waitForJob(batchClient, id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop.abort();
    await streaming;
    expect(events.map((event) => event.event)).toContain("resync");
  });
});

describe("GET /api/v1/jobs/:id/pages/:page, one page at a time", () => {
  let service: TestService;
  let client: ApiClient;
  let jobId: string;
  let key: string;
  let cachedBytes: Buffer;
  /** GET of a route with a key, as bytes. */
  const fetchAs = (withKey: string, route: string) =>
    fetch(`${service.baseUrl}${route}`, { headers: { authorization: `Bearer ${withKey}` } });

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    key = (await service.createUser()).key;
    client = apiClient(service.baseUrl, key);
    cachedBytes = await uniqueFixture("two-pages.pdf");
    const submitted = await client.postForm("/api/v1/jobs", fileForm(cachedBytes, "two.pdf"));
    jobId = submitted.body.job.id;
    expect((await waitForJob(client, jobId)).status).toBe("completed");
  });
  afterAll(async () => service?.close());

  it("answers each page exactly as the result JSON holds it, with the page count", async () => {
    const result = (await client.get(`/api/v1/jobs/${jobId}/result`)).body;
    for (const expected of result.pages) {
      const answer = await client.get(`/api/v1/jobs/${jobId}/pages/${expected.page}`);
      expect(answer.status).toBe(200);
      const body = jobPageResponseSchema.parse(answer.body);
      expect(body.page).toEqual(expected);
      expect(body.pageCount).toBe(2);
    }
  });

  it("serves each page as the worker read it: a WebP in the page's own aspect, at most 1600 px, the words' space scaled", async () => {
    for (const number of [1, 2]) {
      const { body } = await client.get(`/api/v1/jobs/${jobId}/pages/${number}`);
      expect(body.image).toBe(`/api/v1/jobs/${jobId}/pages/${number}/image`);
      const response = await fetchAs(key, body.image);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/webp");
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect(meta.format).toBe("webp");
      const scale = Math.min(1, 1600 / Math.max(body.page.width, body.page.height));
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(1600);
      expect(meta.width).toBe(Math.round(body.page.width * scale));
      expect(meta.height).toBe(Math.round(body.page.height * scale));
    }
  });

  it("serves a cached copy's pages from the same image, and the clean-up removes it once no job shows it", async () => {
    const otherKey = (await service.createUser()).key;
    const other = apiClient(service.baseUrl, otherKey);
    const { body: source } = await client.get(`/api/v1/jobs/${jobId}/pages/1`);
    const bytes = await (await fetchAs(key, source.image)).arrayBuffer();
    const result = await client.get(`/api/v1/jobs/${jobId}/result?format=text`);
    expect(result.status).toBe(200);
    // The same content by another user is answered from the cache, pages and images included.
    const copy = await other.postForm("/api/v1/jobs", fileForm(cachedBytes, "again.pdf"));
    expect(copy.body.job.cached).toBe(true);
    const { body: copied } = await other.get(`/api/v1/jobs/${copy.body.job.id}/pages/1`);
    const copiedBytes = await (await fetchAs(otherKey, copied.image)).arrayBuffer();
    expect(Buffer.from(copiedBytes).equals(Buffer.from(bytes))).toBe(true);

    const pageImages = pageImageStorage(service.storage);
    const [{ imageKey }] = await service.db.jobPage.findMany({ where: { jobId, page: 1 }, select: { imageKey: true } });
    const later = Date.now() + 2 * 60 * 60 * 1000;
    const sweep = () => removeOrphanPageImages({ db: service.db, pageImages }, new AbortController().signal, later);
    expect((await other.delete(`/api/v1/jobs/${copy.body.job.id}`)).status).toBe(204);
    await sweep();
    expect(await pageImages.committedAt(imageKey!)).toBeDefined();
    expect((await client.delete(`/api/v1/jobs/${jobId}`)).status).toBe(204);
    expect(await sweep()).toBeGreaterThanOrEqual(2);
    expect(await pageImages.committedAt(imageKey!)).toBeUndefined();
  });

  it("answers 404 for a page past the end or an unknown job, and 400 for a page that is no number", async () => {
    expectError(await client.get(`/api/v1/jobs/${jobId}/pages/3`), 404, "NOT_FOUND");
    expectError(await client.get(`/api/v1/jobs/${UNKNOWN_ID}/pages/1`), 404, "NOT_FOUND");
    expectError(await client.get(`/api/v1/jobs/${jobId}/pages/first`), 400, "VALIDATION_FAILED");
    expectError(await client.get(`/api/v1/jobs/${jobId}/pages/0`), 400, "VALIDATION_FAILED");
  });
});

describe("GET /api/v1/capabilities", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ env: { MAX_FILE_SIZE_MB: "7" } });
  });
  afterAll(async () => service?.close());

  it("tells the result formats, languages, priorities and upload limits the API enforces", async () => {
    const client = apiClient(service.baseUrl, (await service.createUser()).key);
    const answer = await client.get("/api/v1/capabilities");
    expect(answer.status).toBe(200);
    const capabilities = capabilitiesSchema.parse(answer.body);
    expect(capabilities.resultFormats).toEqual([...RESULT_FORMATS]);
    expect(capabilities.languages.installed).toContain("eng");
    expect(capabilities.languages.default).toEqual(["eng"]);
    expect(capabilities.priorities).toEqual({ values: ["high", "normal", "low"], default: "normal" });
    expect(capabilities.upload.maxFileSizeMb).toBe(7);
    expect(capabilities.upload.mimeTypes).toContain("application/pdf");
    expect(capabilities.webhooks).toBe(false);
    expectError(await apiClient(service.baseUrl, "ofk_wrong").get("/api/v1/capabilities"), 401, "UNAUTHORIZED");
  });
});
