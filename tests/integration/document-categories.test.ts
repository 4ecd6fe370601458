import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../packages/shared/src/validators/responses.ts";
import { waterBill } from "../support/generated-documents.ts";
import { type ApiClient, apiClient, expectError, fileForm, UNKNOWN_ID, waitForJob } from "../support/http-client.ts";
import { renderDocument } from "../support/render-document.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

describe("when an owner corrects a document's category", () => {
  let service: TestService;
  let alice: ApiClient;
  let bob: ApiClient;

  /** Reads a generated page for `client`; the completed job's document id and result metadata. */
  const read = async (client: ApiClient, lines: string[]) => {
    const { body } = await client.postForm("/api/v1/jobs", fileForm(await renderDocument(lines), "bill.png", { languages: "eng" }));
    const job = await waitForJob(client, body.job.id);
    expect(job.status).toBe("completed");
    const result = await client.get(`/api/v1/jobs/${job.id}/result`);
    return { documentId: job.documentId as string, jobId: job.id as string, metadata: result.body.metadata };
  };

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    alice = apiClient(service.baseUrl, (await service.createUser()).key);
    bob = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("files it, shows the owner's category in its results, and sorts the owner's similar documents alike", async () => {
    const first = await read(alice, waterBill("20417", 48213));
    expect(first.metadata.category).toMatchObject({ category: "other", source: "auto" });

    const patched = await alice.patch(`/api/v1/documents/${first.documentId}`, { category: "invoice" });
    expect(patched.status).toBe(200);
    expect(documentSchema.parse(patched.body.document)).toMatchObject({ id: first.documentId, category: "invoice" });
    const corrected = await alice.get(`/api/v1/jobs/${first.jobId}/result`);
    expect(corrected.body.metadata.category).toEqual({
      category: "invoice",
      confidence: 1,
      signals: ["set by the owner"],
      source: "owner",
    });
    expect((await alice.get(`/api/v1/jobs/${first.jobId}/result?format=markdown`)).body).toContain('category: "invoice"');

    const second = await read(alice, waterBill("88310", 51977, "September"));
    expect(second.metadata.category).toMatchObject({
      category: "invoice",
      source: "auto",
      signals: expect.arrayContaining([expect.stringMatching(/^like documents you filed as invoice \(similarity (0\.[4-9]\d|1\.00)\)$/)]),
    });

    // Bob's classifier knows nothing of Alice's corrections.
    const bobs = await read(bob, waterBill("55120", 39020));
    expect(bobs.metadata.category).toMatchObject({ category: "other" });
  });

  it("refuses an unknown category, other fields, and another owner's document", async () => {
    const { documentId } = await read(alice, waterBill("30001", 10500));
    expectError(await alice.patch(`/api/v1/documents/${documentId}`, { category: "recipe" }), 422, "INVALID_OPTION");
    expectError(await alice.patch(`/api/v1/documents/${documentId}`, { category: "invoice", filename: "x" }), 400, "VALIDATION_FAILED");
    expectError(await bob.patch(`/api/v1/documents/${documentId}`, { category: "invoice" }), 404, "NOT_FOUND");
    expectError(await alice.patch(`/api/v1/documents/${UNKNOWN_ID}`, { category: "invoice" }), 404, "NOT_FOUND");
    expect((await alice.get(`/api/v1/documents/${documentId}`)).body.document.category).toBeNull();
  });
});
