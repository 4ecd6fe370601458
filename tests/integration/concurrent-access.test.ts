import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, fileForm, fixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const PARALLEL_READERS = 8;

describe("when clients poll hard while a worker process writes pages and results", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: "process" });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("answers every poll and upload, and every job completes", async () => {
    const jobIds: string[] = [];
    for (const name of ["three-pages.tiff", "two-pages.pdf", "page-eng.png"]) {
      const { status, body } = await client.postForm("/api/v1/jobs", fileForm(await fixture(name), name));
      expect(status).toBe(202);
      jobIds.push(body.job.id);
    }
    const statuses = new Map<number, number>();
    const finished = new Set<string>();
    const poll = async () => {
      while (finished.size < jobIds.length) {
        for (const id of jobIds) {
          const { status, body } = await client.get(`/api/v1/jobs/${id}`);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status !== 200) return;
          if (["completed", "failed"].includes(body.job.status)) finished.add(id);
        }
      }
    };
    // Uploads write while the worker writes too.
    const upload = async () => {
      for (let i = 0; i < 10 && finished.size < jobIds.length; i += 1) {
        const { status } = await client.postForm(
          "/api/v1/documents",
          fileForm(Buffer.concat([await fixture("tiny.gif"), Buffer.from([i])]), "tiny.gif"),
        );
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all([...Array.from({ length: PARALLEL_READERS }, poll), upload()]);

    expect([...statuses.keys()].sort()).toEqual([200, 201]);
    for (const id of jobIds) expect((await client.get(`/api/v1/jobs/${id}`)).body.job.status).toBe("completed");
  });
});
