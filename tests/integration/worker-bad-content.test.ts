import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_CONTENT } from "../ocr/bad-content-files.ts";
import { type ApiClient, apiClient, fileForm, uniqueCopy, waitForJob, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

// One page of a small file fails in a few seconds; far more means a wedged slot.
const FAIL_WITHIN_MS = 60_000;

describe("when content passes the upload checks but breaks inside the worker's decoders", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    // One job slot: a wedged slot would hold up every later job.
    service = await startTestService({ withWorker: true, worker: { concurrency: 1 } });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  const submit = async (bytes: Buffer, name: string) => {
    const response = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(bytes), name, { languages: "eng" }));
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    return response.body.job.id as string;
  };

  it.each(BAD_CONTENT)("fails $name at once with its error code, without a retry", async (bad) => {
    const job = await waitForJob(client, await submit(await bad.make(), bad.name), FAIL_WITHIN_MS);
    expect(job).toMatchObject({ status: "failed", attempts: 1, error: { code: bad.code } });
    expect(job.error.message.length).toBeGreaterThan(10);
    expect(job.error.message).not.toMatch(/node_modules|\bat .+:\d+/);
  });

  it("then completes a good document on the same worker", async () => {
    const job = await waitForJob(client, await submit(await uniqueFixture("page-eng.png"), "after-bad.png"), FAIL_WITHIN_MS * 2);
    expect(job).toMatchObject({ status: "completed", error: null });
    const { body: result } = await client.get(`/api/v1/jobs/${job.id}/result`);
    expect(result.text).toContain("quick brown fox");
  });
});
