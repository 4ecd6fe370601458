import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, fileForm, fixture, expectError, UNKNOWN_ID, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

describe("when a client sends bad input", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ env: { MAX_FILE_SIZE_MB: "1" } });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  async function expectNothingStored() {
    expect(await service.storedFiles()).toEqual([]);
    expect(await service.db.document.count({ where: { filename: { startsWith: "bad-" } } })).toBe(0);
  }

  describe("on upload", () => {
    it("refuses an empty file with 400 FILE_EMPTY and keeps nothing", async () => {
      expectError(await client.postForm("/api/v1/documents", fileForm(Buffer.alloc(0), "bad-empty.png")), 400, "FILE_EMPTY");
      await expectNothingStored();
    });

    it("refuses a text file named .png with 415 UNSUPPORTED_MEDIA_TYPE and keeps nothing", async () => {
      const response = await client.postForm("/api/v1/documents", fileForm(await fixture("not-an-image.png"), "bad-text.png"));
      expectError(response, 415, "UNSUPPORTED_MEDIA_TYPE");
      await expectNothingStored();
    });

    it("refuses a file over the size limit with 413 FILE_TOO_LARGE and keeps nothing", async () => {
      const png = await fixture("page-eng.png");
      const oversized = Buffer.concat([png, Buffer.alloc(1024 * 1024 + 1)]);
      expectError(await client.postForm("/api/v1/documents", fileForm(oversized, "bad-large.png")), 413, "FILE_TOO_LARGE");
      await expectNothingStored();
    });

    it("refuses a form without the file field with 400 FILE_MISSING", async () => {
      const form = new FormData();
      form.append("note", "no file here");
      expectError(await client.postForm("/api/v1/documents", form), 400, "FILE_MISSING");
    });

    it("refuses an upload-and-submit with a bad option with 422 and keeps nothing", async () => {
      const form = fileForm(await fixture("page-eng.png"), "bad-priority.png", { priority: "11" });
      expectError(await client.postForm("/api/v1/jobs", form), 422, "INVALID_OPTION");
      await expectNothingStored();
    });

    it("refuses an upload-and-submit in a language not installed, listing the installed ones", async () => {
      const form = fileForm(await fixture("page-eng.png"), "bad-language.png", { languages: "xyz" });
      const response = await client.postForm("/api/v1/jobs", form);
      expectError(response, 422, "UNKNOWN_LANGUAGE");
      expect(response.body.error.details.installed).toContain("eng");
      await expectNothingStored();
    });
    it("refuses a combination of languages that no single data folder holds, before storing anything", async () => {
      const form = fileForm(await fixture("page-eng.png"), "bad-combination.png", { languages: "eng+fra" });
      const response = await client.postForm("/api/v1/jobs", form);
      expectError(response, 422, "UNKNOWN_LANGUAGE");
      expect(response.body.error.message).toContain("TESSDATA_DIR");
      await expectNothingStored();
    });
  });

  describe("on ids", () => {
    it("answers 404 for a document that does not exist", async () => {
      expectError(await client.get(`/api/v1/documents/${UNKNOWN_ID}`), 404, "NOT_FOUND");
    });

    it("answers 404 for a job submitted on a document that does not exist, writing no job", async () => {
      const before = await service.db.job.count();
      expectError(await client.postJson("/api/v1/jobs", { documentId: UNKNOWN_ID }), 404, "NOT_FOUND");
      expect(await service.db.job.count()).toBe(before);
    });

    it("answers 400 for an id that is not a UUID", async () => {
      expectError(await client.get("/api/v1/jobs/not-a-uuid"), 400, "VALIDATION_FAILED");
    });

    it("answers 404 for another user's document, exactly as for a missing one", async () => {
      const other = apiClient(service.baseUrl, (await service.createUser("other")).key);
      const { body } = await other.postForm("/api/v1/documents", fileForm(await fixture("tiny.gif"), "theirs.gif"));
      expectError(await client.get(`/api/v1/documents/${body.document.id}`), 404, "NOT_FOUND");
      expectError(await client.postJson("/api/v1/jobs", { documentId: body.document.id }), 404, "NOT_FOUND");
    });
  });

  describe("on authentication", () => {
    it("answers 401 without a key", async () => {
      expectError(await apiClient(service.baseUrl).get(`/api/v1/documents/${UNKNOWN_ID}`), 401, "UNAUTHORIZED");
    });

    it("answers 401 for an unknown key, in either header", async () => {
      expectError(await apiClient(service.baseUrl, "ofk_not-a-real-key").get(`/api/v1/jobs/${UNKNOWN_ID}`), 401, "UNAUTHORIZED");
      const viaHeader = await apiClient(service.baseUrl).get(`/api/v1/jobs/${UNKNOWN_ID}`, { "x-api-key": "ofk_nope" });
      expectError(viaHeader, 401, "UNAUTHORIZED");
    });

    it("accepts the key in X-API-Key", async () => {
      const { key } = await service.createUser();
      const response = await apiClient(service.baseUrl).get(`/api/v1/documents/${UNKNOWN_ID}`, { "x-api-key": key });
      expectError(response, 404, "NOT_FOUND");
    });
  });

  describe("on JSON bodies", () => {
    it("answers 400 INVALID_JSON for malformed JSON", async () => {
      expectError(await client.postRaw("/api/v1/jobs", '{"documentId": ', { "content-type": "application/json" }), 400, "INVALID_JSON");
    });

    it("answers 400 VALIDATION_FAILED when documentId is missing or of the wrong type", async () => {
      expectError(await client.postJson("/api/v1/jobs", {}), 400, "VALIDATION_FAILED");
      expectError(await client.postJson("/api/v1/jobs", { documentId: 42 }), 400, "VALIDATION_FAILED");
    });

    it("answers 422 INVALID_OPTION for an option out of range, naming the field", async () => {
      const response = await client.postJson("/api/v1/jobs", { documentId: UNKNOWN_ID, priority: "urgent" });
      expectError(response, 422, "INVALID_OPTION");
      expect(response.body.error.details[0].path).toBe("priority");
    });

    it.each([
      ["mode", "document, general, figure, handwritten"],
      ["resolution", "tiny, small, base, large, gundam"],
    ])("answers 422 INVALID_OPTION for an unknown %s, listing the allowed values, as JSON and as a form field", async (field, allowed) => {
      const expected = allowed
        .split(", ")
        .map((value) => `"${value}"`)
        .join("|");
      const json = await client.postJson("/api/v1/jobs", { documentId: UNKNOWN_ID, [field]: "huge" });
      const form = await client.postForm("/api/v1/jobs", fileForm(await fixture("tiny.webp"), "x.webp", { [field]: "huge" }));
      for (const response of [json, form]) {
        expectError(response, 422, "INVALID_OPTION");
        expect(response.body.error.details[0]).toMatchObject({ path: field, message: expect.stringContaining(expected) });
      }
    });
  });

  describe("on results", () => {
    it("answers 409 for the result of a job that is not completed", async () => {
      const { body } = await client.postForm("/api/v1/jobs", fileForm(await fixture("tiny.webp"), "queued.webp"));
      expect(body.job.status).toBe("queued");
      expectError(await client.get(`/api/v1/jobs/${body.job.id}/result`), 409, "CONFLICT");
    });
  });

  it("answers an unknown route with a JSON 404", async () => {
    expectError(await client.get("/api/v1/nothing-here"), 404, "NOT_FOUND");
  });
});

describe("when Redis does not answer", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ apiRedisUrl: "redis://127.0.0.1:1" });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("answers a submit with 503 and leaves no job row behind", async () => {
    // New content: a result-cache hit would answer without touching Redis.
    const { body } = await client.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.bmp"), "doc.bmp"));
    const before = await service.db.job.count();
    expectError(await client.postJson("/api/v1/jobs", { documentId: body.document.id }), 503, "DEPENDENCY_UNAVAILABLE");
    expect(await service.db.job.count()).toBe(before);
  });

  it("reports not ready, naming Redis", async () => {
    const response = await apiClient(service.baseUrl).get("/health/ready");
    expect(response.status).toBe(503);
    expect(response.body.checks).toEqual({ redis: "down", database: "ok" });
  });
});
