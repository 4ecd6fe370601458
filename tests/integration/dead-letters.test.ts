import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RETRY_MAX_IDS } from "../../packages/shared/src/constants.ts";
import { jobsRetriedSchema } from "../../packages/shared/src/validators/index.ts";
import { type ApiClient, apiClient, expectError, fileForm, fixture, UNKNOWN_ID, uniqueCopy, waitForJob } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const ADMIN = { user: "operator", password: "correct horse battery" };
const adminHeaders = { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}` };

type Client = ApiClient;

/** New content each call that passes the upload checks (it ends like a PDF) but the worker fails at once (CORRUPT_FILE, no retry). */
function corruptPdf(): Buffer {
  return uniqueCopy(Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2048, 0x41), Buffer.from("\n%%EOF\n")]));
}

async function failedJob(client: Client): Promise<string> {
  const submitted = await client.postForm("/api/v1/jobs", fileForm(corruptPdf(), "broken.pdf"));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(client, submitted.body.job.id);
  expect(job).toMatchObject({ status: "failed", error: { code: "CORRUPT_FILE" } });
  return job.id;
}

async function failedIds(client: Client, query = ""): Promise<string[]> {
  const { body } = await client.get(`/api/v1/jobs?status=failed&pageSize=100${query}`);
  return body.items.map((job: { id: string }) => job.id).sort();
}

async function waitAllFailed(client: Client, ids: string[]): Promise<void> {
  for (const id of ids) expect((await waitForJob(client, id)).status).toBe("failed");
}

describe("dead letters: failed jobs", () => {
  let service: TestService;
  let owner: Client;
  let other: Client;
  let failed: string[];
  let batchId: string;
  let batchJobs: string[];
  let completed: string;
  let othersFailed: string;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true, env: { ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password } });
    owner = apiClient(service.baseUrl, (await service.createUser("owner")).key);
    other = apiClient(service.baseUrl, (await service.createUser("other")).key);
    failed = [await failedJob(owner), await failedJob(owner)];
    const form = new FormData();
    for (let i = 0; i < 2; i++) form.append("files", new Blob([new Uint8Array(corruptPdf())]), `broken-${i}.pdf`);
    const batch = await owner.postForm("/api/v1/jobs/batch", form);
    expect(batch.status, JSON.stringify(batch.body)).toBe(202);
    batchId = batch.body.batch.id;
    batchJobs = [...batch.body.batch.jobIds].sort();
    await waitAllFailed(owner, batchJobs);
    const good = await owner.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("tiny.bmp")), "tiny.bmp"));
    completed = (await waitForJob(owner, good.body.job.id)).id;
    othersFailed = await failedJob(other);
  });
  afterAll(async () => service?.close());

  it("are listed with status=failed, the user's own only", async () => {
    expect(await failedIds(owner)).toEqual([...failed, ...batchJobs].sort());
    expect(await failedIds(other)).toEqual([othersFailed]);
    expect(await failedIds(owner, `&batchId=${batchId}`)).toEqual(batchJobs);
  });

  it("show in Bull Board's API, in the failed state of their queue", async () => {
    const url = `${service.baseUrl}/admin/queues/api/queues?activeQueue=ocr-normal&status=failed&page=1&jobsPerPage=50`;
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    const response = await fetch(url, { headers: adminHeaders });
    expect(response.status).toBe(200);
    const { queues } = await response.json();
    const normal = queues.find((queue: { name: string }) => queue.name === "ocr-normal");
    expect(normal.counts.failed).toBe(failed.length + batchJobs.length + 1);
    const shown = normal.jobs.map((job: { id: string }) => job.id);
    expect(shown).toEqual(expect.arrayContaining([...failed, ...batchJobs, othersFailed]));
    expect(shown).not.toContain(completed);
  });

  describe("POST /api/v1/jobs/retry", () => {
    it("refuses a body that selects nothing or too much with 400", async () => {
      const tooMany = Array.from({ length: RETRY_MAX_IDS + 1 }, () => crypto.randomUUID());
      for (const body of [
        {},
        { jobIds: [] },
        { jobIds: tooMany },
        { jobIds: ["not-a-uuid"] },
        { status: "completed" },
        { jobIds: failed, status: "failed" },
      ]) {
        expectError(await owner.postJson("/api/v1/jobs/retry", body), 400, "VALIDATION_FAILED");
      }
      expect(await failedIds(owner)).toEqual([...failed, ...batchJobs].sort());
    });

    it("retries the listed jobs and skips, with the single retry's code, one not retryable, an unknown id and another user's", async () => {
      const ids = [failed[0]!, completed, UNKNOWN_ID, othersFailed, failed[0]!];
      const response = await owner.postJson("/api/v1/jobs/retry", { jobIds: ids });
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      const retried = jobsRetriedSchema.parse(response.body);
      expect(retried.jobs.map((job) => [job.id, job.status, job.error])).toEqual([[failed[0], "queued", null]]);
      expect(retried.skipped.map(({ id, code }) => [id, code])).toEqual([
        [completed, "CONFLICT"],
        [UNKNOWN_ID, "NOT_FOUND"],
        [othersFailed, "NOT_FOUND"],
      ]);
      // Another user's job is skipped exactly as an id that does not exist.
      expect(retried.skipped[2]!.reason).toBe(retried.skipped[1]!.reason);
      expect(retried.more).toBe(false);
      await waitAllFailed(owner, [failed[0]!]);
      expect((await other.get(`/api/v1/jobs/${othersFailed}`)).body.job.status).toBe("failed");
    });

    it("retries the failed jobs of one batch only", async () => {
      const response = await owner.postJson("/api/v1/jobs/retry", { status: "failed", batchId });
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      const retried = jobsRetriedSchema.parse(response.body);
      expect(retried.jobs.map((job) => job.id).sort()).toEqual(batchJobs);
      expect(retried.skipped).toEqual([]);
      expect(await failedIds(owner)).toEqual(expect.arrayContaining(failed));
      await waitAllFailed(owner, batchJobs);
      const attempts = await Promise.all(batchJobs.map(async (id) => (await owner.get(`/api/v1/jobs/${id}`)).body.job.attempts));
      expect(attempts).toEqual([1, 1]);
    });

    it("retries every failed job of the user, and none of another user's", async () => {
      const response = await owner.postJson("/api/v1/jobs/retry", { status: "failed" });
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      const retried = jobsRetriedSchema.parse(response.body);
      expect(retried.jobs.map((job) => job.id).sort()).toEqual([...failed, ...batchJobs].sort());
      expect(retried.jobs.every((job) => job.status === "queued")).toBe(true);
      expect(await failedIds(other)).toEqual([othersFailed]);
      await waitAllFailed(owner, [...failed, ...batchJobs]);
      const again = jobsRetriedSchema.parse((await other.postJson("/api/v1/jobs/retry", { status: "failed", batchId })).body);
      expect(again).toEqual({ jobs: [], skipped: [], more: false });
    });
  });
});
