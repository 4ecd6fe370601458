import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_CONTENT } from "../ocr/bad-content-files.ts";
import { type ApiClient, apiClient, fileForm, uniqueFixture, waitForJob } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";

type Submitted = { status: number; headers: Headers; body: any; ms: number };

/** POST /api/v1/jobs with a Prefer header: multipart when given a form, else JSON. */
async function submit(
  service: TestService,
  key: string,
  body: FormData | object,
  prefer?: string,
  signal?: AbortSignal,
): Promise<Submitted> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...(prefer === undefined ? {} : { prefer }) };
  const isForm = body instanceof FormData;
  if (!isForm) headers["content-type"] = "application/json";
  const started = performance.now();
  const response = await fetch(`${service.baseUrl}/api/v1/jobs`, {
    method: "POST",
    headers,
    body: isForm ? body : JSON.stringify(body),
    signal,
  });
  return { status: response.status, headers: response.headers, body: await response.json(), ms: performance.now() - started };
}

const pageForm = async () => fileForm(await uniqueFixture("page-eng.png"), "page.png");

describe("a submit that asks to wait (Prefer: wait=N), with a worker running", { timeout: 60_000 }, () => {
  let service: TestService;
  let key: string;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    key = (await service.createUser()).key;
    client = apiClient(service.baseUrl, key);
  });
  afterAll(async () => service?.close());

  it("answers an upload-and-submit 200 with the completed job and its result inline once it is read", async () => {
    const { status, headers, body } = await submit(service, key, await pageForm(), "wait=30");
    expect(status).toBe(200);
    expect(headers.get("preference-applied")).toBe("wait=30");
    expect(headers.get("location")).toBe(`/api/v1/jobs/${body.job.id}`);
    expect(body.job).toMatchObject({ status: "completed", progress: 100 });
    expect(body.result.text).toContain("quick brown fox");
    expect(body.job).toEqual((await client.get(`/api/v1/jobs/${body.job.id}`)).body.job);
    expect(body.result).toEqual((await client.get(`/api/v1/jobs/${body.job.id}/result`)).body);
  });

  it("answers a JSON submit of an uploaded document the same way, also next to respond-async", async () => {
    const document = (await client.postForm("/api/v1/documents", await pageForm())).body.document;
    const { status, headers, body } = await submit(service, key, { documentId: document.id }, "respond-async, wait=30");
    expect(status).toBe(200);
    expect(headers.get("preference-applied")).toBe("wait=30");
    expect(body.job).toMatchObject({ documentId: document.id, status: "completed" });
    expect(body.result.text).toContain("quick brown fox");
  });

  it("waits at most 60 seconds, whatever longer wait is asked for", async () => {
    const { status, headers } = await submit(service, key, await pageForm(), "wait=3600");
    expect(status).toBe(200);
    expect(headers.get("preference-applied")).toBe("wait=60");
  });

  it("answers 200 with a job that failed, its error and no result", async () => {
    const broken = BAD_CONTENT.find((content) => content.name === "corrupt-idat.png")!;
    const { status, body } = await submit(service, key, fileForm(Buffer.from(await broken.make()), broken.name), "wait=30");
    expect(status).toBe(200);
    expect(body.job).toMatchObject({ status: "failed", error: { code: "CORRUPT_FILE" } });
    expect(body.result).toBeNull();
  });

  it.each(["wait=soon", "wait=-1", "wait=1.5", "wait"])(
    "ignores a malformed preference (%s), as RFC 7240 says: 202 at once",
    async (prefer) => {
      const { status, headers, body } = await submit(service, key, await pageForm(), prefer);
      expect(status).toBe(202);
      expect(headers.get("preference-applied")).toBeNull();
      expect(body.job.status).toBe("queued");
      await waitForJob(client, body.job.id);
    },
  );
});

describe("a submit that asks to wait, with no worker running", { timeout: 60_000 }, () => {
  let service: TestService;
  let key: string;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService();
    key = (await service.createUser()).key;
    client = apiClient(service.baseUrl, key);
  });
  afterAll(async () => service?.close());

  it("answers 202 with the job as it is when the wait is over, and Preference-Applied: respond-async", async () => {
    const { status, headers, body, ms } = await submit(service, key, await pageForm(), "wait=1");
    expect(status).toBe(202);
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(headers.get("preference-applied")).toBe("respond-async");
    expect(headers.get("location")).toBe(`/api/v1/jobs/${body.job.id}`);
    expect(body.job.status).toBe("queued");
    await client.post(`/api/v1/jobs/${body.job.id}/cancel`);
  });

  it("leaves the job running when the client goes away while it waits", async () => {
    const user = await service.createUser();
    const userClient = apiClient(service.baseUrl, user.key);
    const leaving = new AbortController();
    const request = submit(service, user.key, await pageForm(), "wait=30", leaving.signal);
    const jobs = () => userClient.get("/api/v1/jobs").then((response) => response.body.items);
    const [job] = await waitFor("the job to be created", async () => ((await jobs()).length > 0 ? await jobs() : undefined), 10_000, 50);
    leaving.abort();
    await expect(request).rejects.toThrow();
    await service.startWorker();
    const finished = await waitForJob(userClient, job.id, 30_000);
    expect(finished.status).toBe("completed");
  });
});

describe("a submit that asks to wait while the API shuts down", { timeout: 60_000 }, () => {
  let service: TestService;
  let key: string;
  let client: ApiClient;
  const shutdown = new AbortController();

  beforeAll(async () => {
    service = await startTestService({ shutdown: shutdown.signal });
    key = (await service.createUser()).key;
    client = apiClient(service.baseUrl, key);
  });
  afterAll(async () => service?.close());

  it("answers 202 at once when the API shuts down while it waits", async () => {
    const request = submit(service, key, await pageForm(), "wait=60");
    await waitFor("the job to be created", async () => (await client.get("/api/v1/jobs?status=queued")).body.items.length > 0, 10_000, 50);
    shutdown.abort();
    const { status, headers, ms } = await request;
    expect(status).toBe(202);
    expect(headers.get("preference-applied")).toBe("respond-async");
    expect(ms).toBeLessThan(10_000);
  });
});
