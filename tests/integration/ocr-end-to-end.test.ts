import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, FIXTURES_DIR, fileForm, fixture, waitForJob, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";

const MAX_CER = 0.03;
const expected: Record<string, string[] | string[][]> = JSON.parse(await readFile(path.join(FIXTURES_DIR, "expected.json"), "utf8"));
const pagesOf = (name: string): string[] => (expected[name] as string[][]).map((lines) => lines.join("\n"));

describe("when a document goes through the whole path: upload, queue, worker OCR, result", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("reads a one-page PNG uploaded and submitted in one request", async () => {
    const submitted = await client.postForm(
      "/api/v1/jobs",
      fileForm(await fixture("page-eng.png"), "page.png", { languages: "eng", priority: "high" }),
    );
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get("location")).toBe(`/api/v1/jobs/${submitted.body.job.id}`);
    expect(submitted.body.job).toMatchObject({
      status: "queued",
      progress: 0,
      priority: "high",
      languages: ["eng"],
      attempts: 0,
      maxAttempts: 3,
      cached: false,
      error: null,
    });

    const job = await waitForJob(client, submitted.body.job.id);
    expect(job).toMatchObject({ status: "completed", progress: 100, attempts: 1, error: null });
    expect(Date.parse(job.finishedAt)).toBeGreaterThanOrEqual(Date.parse(job.startedAt));

    const { status, body: result } = await client.get(`/api/v1/jobs/${job.id}/result`);
    expect(status).toBe(200);
    expect(result).toMatchObject({ jobId: job.id, documentId: job.documentId, pageCount: 1, languages: ["eng"], cached: false });
    expect(characterErrorRate((expected["page-eng.png"] as string[]).join("\n"), result.text)).toBeLessThan(MAX_CER);
    expect(result.confidence).toBeGreaterThan(80);
    expect(result.processingMs).toBeGreaterThan(0);
    const [page] = result.pages;
    expect(page.words.length).toBeGreaterThan(40);
    for (const word of page.words) {
      expect(word.bbox.x0).toBeGreaterThanOrEqual(0);
      expect(word.bbox.x1).toBeLessThanOrEqual(page.width);
      expect(word.bbox.y1).toBeLessThanOrEqual(page.height);
    }

    const text = await client.get(`/api/v1/jobs/${job.id}/result?format=text`);
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text.body).toBe(result.text);

    const { body: document } = await client.get(`/api/v1/documents/${job.documentId}`);
    expect(document.document).toMatchObject({ mimeType: "image/png", pageCount: 1, filename: "page.png" });
  });

  it("reads every page of a two-page PDF uploaded first and submitted by id", async () => {
    const uploaded = await client.postForm("/api/v1/documents", fileForm(await fixture("two-pages.pdf"), "report.pdf"));
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.document).toMatchObject({ mimeType: "application/pdf", pageCount: null, filename: "report.pdf" });

    const again = await client.postForm("/api/v1/documents", fileForm(await fixture("two-pages.pdf"), "copy.pdf"));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ document: uploaded.body.document, duplicate: true });

    const submitted = await client.postJson("/api/v1/jobs", { documentId: uploaded.body.document.id });
    expect(submitted.status).toBe(202);
    const job = await waitForJob(client, submitted.body.job.id);
    expect(job.status).toBe("completed");

    const { body: result } = await client.get(`/api/v1/jobs/${job.id}/result`);
    expect(result.pageCount).toBe(2);
    expect(result.pages.map((page: { page: number }) => page.page)).toEqual([1, 2]);
    pagesOf("two-pages.pdf").forEach((pageText, index) => {
      expect(characterErrorRate(pageText, result.pages[index].text)).toBeLessThan(MAX_CER);
    });
  });

  it("reads every page of a three-page TIFF", async () => {
    const submitted = await client.postForm("/api/v1/jobs", fileForm(await fixture("three-pages.tiff"), "scan.tiff"));
    const job = await waitForJob(client, submitted.body.job.id);
    expect(job.status).toBe("completed");
    const { body: result } = await client.get(`/api/v1/jobs/${job.id}/result`);
    expect(result.pageCount).toBe(3);
    pagesOf("three-pages.tiff").forEach((pageText, index) => {
      expect(characterErrorRate(pageText, result.pages[index].text)).toBeLessThan(MAX_CER);
    });
  });

  it("reads a French page, accents included, with the fra language data", async () => {
    // Fresh bytes: a cached result from another run or language would skip the OCR under test.
    const submitted = await client.postForm(
      "/api/v1/jobs",
      fileForm(await uniqueFixture("page-fra.png"), "page-fr.png", { languages: "fra" }),
    );
    expect(submitted.status).toBe(202);
    expect(submitted.body.job).toMatchObject({ languages: ["fra"], cached: false });
    const job = await waitForJob(client, submitted.body.job.id);
    expect(job).toMatchObject({ status: "completed", languages: ["fra"] });

    const { body: result } = await client.get(`/api/v1/jobs/${job.id}/result`);
    expect(result).toMatchObject({ pageCount: 1, languages: ["fra"], cached: false });
    expect(characterErrorRate((expected["page-fra.png"] as string[]).join("\n"), result.text)).toBeLessThan(MAX_CER);
    // With "eng" this page reads "coeur", "décu", "1'ame", "naive", "iles" (CER 0.17): these words need the fra data.
    for (const word of ["cœur", "déçu", "l'âme", "naïve", "îles", "brûlent", "Hélène", "fenêtre"]) {
      expect(result.text).toContain(word);
    }
  });

  it("fails at once, without retries, a job whose file cannot be read", async () => {
    // A PNG's header, garbage, and an end chunk pass the upload checks (type, size, not cut short) but not decoding.
    const iend = Buffer.from("0000000049454e44ae426082", "hex");
    const corrupt = Buffer.concat([(await fixture("page-eng.png")).subarray(0, 64), Buffer.alloc(512, 7), iend]);
    const submitted = await client.postForm("/api/v1/jobs", fileForm(corrupt, "broken.png"));
    expect(submitted.status).toBe(202);
    const job = await waitForJob(client, submitted.body.job.id);
    expect(job).toMatchObject({ status: "failed", attempts: 1, error: { code: "CORRUPT_FILE" } });
  });
});
