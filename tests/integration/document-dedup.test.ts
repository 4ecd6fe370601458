import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, fileForm, fixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const CONCURRENT_UPLOADS = 6;

describe("when the same user uploads the same content", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService();
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("keeps one document and one file even when the uploads arrive at once", async () => {
    const bytes = Buffer.concat([await fixture("page-eng.png"), Buffer.from("dedup-race")]);
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT_UPLOADS }, (_, i) => client.postForm("/api/v1/documents", fileForm(bytes, `copy-${i}.png`))),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([...Array(CONCURRENT_UPLOADS - 1).fill(200), 201]);
    const ids = new Set(responses.map((response) => response.body.document.id));
    expect(ids.size).toBe(1);
    expect(responses.filter((response) => response.body.duplicate === true)).toHaveLength(CONCURRENT_UPLOADS - 1);
    expect(await service.db.document.count({ where: { id: { in: [...ids] } } })).toBe(1);
    expect(await service.storedFiles()).toHaveLength(1);
  });

  it("gives another user a document of their own for the same content", async () => {
    const bytes = await fixture("tiny.webp");
    const first = await client.postForm("/api/v1/documents", fileForm(bytes, "mine.webp"));
    const other = apiClient(service.baseUrl, (await service.createUser("other")).key);
    const second = await other.postForm("/api/v1/documents", fileForm(bytes, "theirs.webp"));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.document.id).not.toBe(first.body.document.id);
    expect(second.body.document.sha256).toBe(first.body.document.sha256);
  });
});
