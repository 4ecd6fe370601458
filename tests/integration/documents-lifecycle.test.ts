import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileForm, expectError, type ApiClient, apiClient, UNKNOWN_ID, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

describe("when a user manages their documents (no worker: jobs stay queued)", () => {
  let service: TestService;
  let ownerKey: string;
  let client: ApiClient;
  let other: ApiClient;

  const upload = async (bytes: Buffer, name: string) => {
    const response = await client.postForm("/api/v1/documents", fileForm(bytes, name));
    expect(response.status).toBe(201);
    return response.body.document;
  };

  beforeAll(async () => {
    service = await startTestService();
    ownerKey = (await service.createUser("owner")).key;
    client = apiClient(service.baseUrl, ownerKey);
    other = apiClient(service.baseUrl, (await service.createUser("other")).key);
  });
  afterAll(async () => service?.close());

  describe("listing", () => {
    it("pages through the caller's documents, newest first, with the total", async () => {
      const lister = apiClient(service.baseUrl, (await service.createUser("lister")).key);
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const { body } = await lister.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.gif"), `doc-${i}.gif`));
        ids.push(body.document.id);
      }
      await other.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.gif"), "not-yours.gif"));

      const first = await lister.get("/api/v1/documents?page=1&pageSize=2");
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 5 });
      const all = [first, await lister.get("/api/v1/documents?page=2&pageSize=2"), await lister.get("/api/v1/documents?page=3&pageSize=2")];
      const listed = all.flatMap((page) => page.body.items);
      expect(all.map((page) => page.body.items.length)).toEqual([2, 2, 1]);
      expect(new Set(listed.map((document: { id: string }) => document.id))).toEqual(new Set(ids));
      const times = listed.map((document: { createdAt: string }) => document.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(listed[0]).toEqual((await lister.get(`/api/v1/documents/${listed[0].id}`)).body.document);

      const oldestFirst = await lister.get("/api/v1/documents?sort=createdAt:asc&pageSize=100");
      expect(oldestFirst.body.items.map((document: { id: string }) => document.id)).toEqual(
        listed.map((document: { id: string }) => document.id).reverse(),
      );
      const byName = await lister.get("/api/v1/documents?sort=filename:desc");
      expect(byName.body.items[0].filename).toBe("doc-4.gif");
    });

    it("refuses a page size over 100, a page of 0 and an unknown sort with 400", async () => {
      expectError(await client.get("/api/v1/documents?pageSize=101"), 400, "VALIDATION_FAILED");
      expectError(await client.get("/api/v1/documents?page=0"), 400, "VALIDATION_FAILED");
      expectError(await client.get("/api/v1/documents?sort=storageKey:asc"), 400, "VALIDATION_FAILED");
      expectError(await client.get("/api/v1/documents?unknown=1"), 400, "VALIDATION_FAILED");
    });
  });

  describe("downloading the original", () => {
    it("streams the exact bytes with the stored type, as an attachment that may not be sniffed", async () => {
      const bytes = await uniqueFixture("page-eng.png");
      const document = await upload(bytes, 'my "scan" é.png');
      const response = await fetch(`${service.baseUrl}/api/v1/documents/${document.id}/content`, {
        headers: { authorization: `Bearer ${ownerKey}` },
      });
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(response.headers.get("content-length")).toBe(String(bytes.length));
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const disposition = response.headers.get("content-disposition") ?? "";
      expect(disposition).toMatch(/^attachment; filename="my \\"scan\\" \?\.png"; filename\*=UTF-8''my%20%22scan%22%20%C3%A9\.png$/);
    });

    it("never serves an upload named .html as HTML", async () => {
      const document = await upload(await uniqueFixture("tiny.gif"), "page.html");
      const response = await client.get(`/api/v1/documents/${document.id}/content`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/gif");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="?page\.html"?$/);
    });

    it("answers 404 for another user's document and 400 for an id that is not a UUID", async () => {
      const document = await upload(await uniqueFixture("tiny.bmp"), "mine.bmp");
      expectError(await other.get(`/api/v1/documents/${document.id}/content`), 404, "NOT_FOUND");
      expectError(await client.get(`/api/v1/documents/${UNKNOWN_ID}/content`), 404, "NOT_FOUND");
      expectError(await client.get("/api/v1/documents/nope/content"), 400, "VALIDATION_FAILED");
    });
  });

  describe("deleting", () => {
    it("soft-deletes: 204, then gone from lookups, downloads and lists, while its file stays for its jobs", async () => {
      const document = await upload(await uniqueFixture("tiny.webp"), "to-delete.webp");
      const response = await client.delete(`/api/v1/documents/${document.id}`);
      expect(response.status).toBe(204);
      expect(response.body).toBe("");
      expectError(await client.get(`/api/v1/documents/${document.id}`), 404, "NOT_FOUND");
      expectError(await client.get(`/api/v1/documents/${document.id}/content`), 404, "NOT_FOUND");
      expectError(await client.delete(`/api/v1/documents/${document.id}`), 404, "NOT_FOUND");
      const listed = await client.get("/api/v1/documents?pageSize=100");
      expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(document.id);
      const row = await service.db.document.findUnique({ where: { id: document.id } });
      expect(row?.deletedAt).toBeInstanceOf(Date);
    });

    it("lets the same content be uploaded again afterwards, as a new document", async () => {
      const bytes = await uniqueFixture("tiny.gif");
      const first = await upload(bytes, "again.gif");
      expect((await client.delete(`/api/v1/documents/${first.id}`)).status).toBe(204);
      const second = await client.postForm("/api/v1/documents", fileForm(bytes, "again.gif"));
      expect(second.status).toBe(201);
      expect(second.body.duplicate).toBeUndefined();
      expect(second.body.document.id).not.toBe(first.id);
      expect(second.body.document.sha256).toBe(first.sha256);
    });

    it("refuses with 409 while a job on it is queued, and deletes once that job is cancelled", async () => {
      const document = await upload(await uniqueFixture("tiny.bmp"), "busy.bmp");
      const submitted = await client.postJson("/api/v1/jobs", { documentId: document.id });
      expect(submitted.body.job.status).toBe("queued");
      expectError(await client.delete(`/api/v1/documents/${document.id}`), 409, "CONFLICT");
      expect((await client.get(`/api/v1/documents/${document.id}`)).status).toBe(200);

      expect((await client.post(`/api/v1/jobs/${submitted.body.job.id}/cancel`)).status).toBe(200);
      expect((await client.delete(`/api/v1/documents/${document.id}`)).status).toBe(204);
      // The job and its history stay readable.
      expect((await client.get(`/api/v1/jobs/${submitted.body.job.id}`)).body.job.status).toBe("cancelled");
    });

    it("answers 404 for another user's document and leaves it in place", async () => {
      const document = await upload(await uniqueFixture("tiny.webp"), "keep.webp");
      expectError(await other.delete(`/api/v1/documents/${document.id}`), 404, "NOT_FOUND");
      expectError(await other.delete("/api/v1/documents/not-a-uuid"), 400, "VALIDATION_FAILED");
      expect((await client.get(`/api/v1/documents/${document.id}`)).status).toBe(200);
    });

    it("refuses a new job on a deleted document with 404", async () => {
      const document = await upload(await uniqueFixture("tiny.gif"), "deleted-then-submitted.gif");
      await client.delete(`/api/v1/documents/${document.id}`);
      expectError(await client.postJson("/api/v1/jobs", { documentId: document.id }), 404, "NOT_FOUND");
    });
  });
});
