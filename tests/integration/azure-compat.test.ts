import DocumentIntelligence, {
  type AnalyzeOperationOutput,
  type DocumentIntelligenceClient,
  getLongRunningPoller,
  isUnexpected,
} from "@azure-rest/ai-document-intelligence";
import { AzureKeyCredential } from "@azure/core-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const EXPECTED_LINES = {
  png: "The quick brown fox jumps over the lazy dog.",
  pdf: ["Page one of the scanned report.", "Page two of the scanned report."],
};

// The service listens on plain HTTP on loopback; the SDK refuses that unless told.
const clientFor = (service: TestService, key: string) =>
  DocumentIntelligence(service.baseUrl, new AzureKeyCredential(key), { allowInsecureConnection: true });

type AnalyzeResponse = Awaited<ReturnType<ReturnType<DocumentIntelligenceClient["path"]>["post"]>>;

/** Polls an accepted analyze as the SDK's poller does; the analyze result once it succeeded. */
async function pollResult(client: DocumentIntelligenceClient, initial: AnalyzeResponse) {
  if (isUnexpected(initial)) throw new Error(`analyze answered ${initial.status}: ${JSON.stringify(initial.body)}`);
  expect(initial.status).toBe("202");
  const poller = getLongRunningPoller(client, initial, { intervalInMs: 200 });
  const done = (await poller.pollUntilDone()) as { status: string; body: AnalyzeOperationOutput };
  expect(done.body.status).toBe("succeeded");
  return { operationLocation: initial.headers["operation-location"], result: done.body.analyzeResult! };
}

describe("the Azure Document Intelligence compatible endpoint, with Azure's own JavaScript SDK", () => {
  let service: TestService;
  let key: string;
  let client: DocumentIntelligenceClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    key = (await service.createUser()).key;
    client = clientFor(service, key);
  });
  afterAll(async () => service?.close());

  it("reads an image sent as the request body: content, words with polygons and spans, lines, in pixels", async () => {
    const initial = await client.path("/documentModels/{modelId}:analyze", "prebuilt-read").post({
      contentType: "application/octet-stream",
      body: await fixture("page-eng.png"),
    });
    const { operationLocation, result } = await pollResult(client, initial);
    expect(operationLocation).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/documentintelligence\/documentModels\/prebuilt-read\/analyzeResults\/[0-9a-f-]{36}\?api-version=2024-11-30$/,
    );
    expect(result).toMatchObject({ apiVersion: "2024-11-30", modelId: "prebuilt-read" });
    expect(result.content).toContain(EXPECTED_LINES.png);
    const [page] = result.pages;
    expect(page).toMatchObject({ pageNumber: 1, angle: 0, unit: "pixel" });
    expect(page!.width).toBeGreaterThan(500);
    expect(page!.lines!.map((line) => line.content)).toContain(EXPECTED_LINES.png);
    for (const word of page!.words ?? []) {
      expect(result.content.slice(word.span.offset, word.span.offset + word.span.length)).toBe(word.content);
      expect(word.polygon).toHaveLength(8);
      expect(word.confidence).toBeGreaterThan(0);
      expect(word.confidence).toBeLessThanOrEqual(1);
      const [x0, y0, x1, , , y2] = word.polygon!;
      expect(x1).toBeGreaterThan(x0!);
      expect(y2).toBeGreaterThan(y0!);
      expect(x1).toBeLessThanOrEqual(page!.width!);
    }
    expect(result.paragraphs!.length).toBeGreaterThan(0);
    expect(result.languages).toEqual([{ locale: "en", spans: [{ offset: 0, length: result.content.length }], confidence: 1 }]);
  });

  it("reads a PDF sent as paperless-ngx sends it (JSON base64Source, outputContentFormat=text, output=pdf): pages in inches", async () => {
    const initial = await client.path("/documentModels/{modelId}:analyze", "prebuilt-read").post({
      contentType: "application/json",
      body: { base64Source: (await fixture("two-pages.pdf")).toString("base64") },
      queryParameters: { outputContentFormat: "text", output: ["pdf"] },
    });
    const { result } = await pollResult(client, initial);
    expect(result.pages.map((page) => page.pageNumber)).toEqual([1, 2]);
    for (const [index, page] of result.pages.entries()) {
      expect(page.unit).toBe("inch");
      // pdfinfo: 595.2 x 168 pts.
      expect(page.width).toBeCloseTo(595.2 / 72, 3);
      expect(page.height).toBeCloseTo(168 / 72, 3);
      expect(page.lines!.map((line) => line.content)).toContain(EXPECTED_LINES.pdf[index]);
      for (const word of page.words ?? []) {
        expect(Math.max(...word.polygon!.filter((_, i) => i % 2 === 0))).toBeLessThanOrEqual(page.width!);
        expect(Math.max(...word.polygon!.filter((_, i) => i % 2 === 1))).toBeLessThanOrEqual(page.height!);
      }
    }
    expect(result.content.indexOf(EXPECTED_LINES.pdf[0]!)).toBeLessThan(result.content.indexOf(EXPECTED_LINES.pdf[1]!));
  });

  it("refuses a bad key with 401 in Azure's error shape", async () => {
    const stranger = clientFor(service, "ocr_not-a-key");
    const response = await stranger.path("/documentModels/{modelId}:analyze", "prebuilt-read").post({
      contentType: "application/octet-stream",
      body: await fixture("tiny.bmp"),
    });
    expect(response.status).toBe("401");
    expect(response.body).toEqual({ error: { code: "401", message: expect.stringContaining("invalid subscription key") } });
  });

  it("answers an unknown model with 404 ModelNotFound, before reading the body", async () => {
    const response = await client.path("/documentModels/{modelId}:analyze", "prebuilt-layout").post({
      contentType: "application/octet-stream",
      body: await fixture("tiny.bmp"),
    });
    expect(response.status).toBe("404");
    expect(response.body).toMatchObject({ error: { code: "NotFound", innererror: { code: "ModelNotFound" } } });
  });

  it("answers another user's result id with 404, as an unknown one", async () => {
    const initial = await client.path("/documentModels/{modelId}:analyze", "prebuilt-read").post({
      contentType: "application/octet-stream",
      body: await fixture("tiny.bmp"),
    });
    expect(initial.status).toBe("202");
    const resultId = initial.headers["operation-location"]!.match(/analyzeResults\/([^?]+)/)![1]!;
    const other = clientFor(service, (await service.createUser("other")).key);
    const path = "/documentModels/{modelId}/analyzeResults/{resultId}";
    const theirs = await other.path(path, "prebuilt-read", resultId).get();
    const unknown = await other.path(path, "prebuilt-read", crypto.randomUUID()).get();
    for (const response of [theirs, unknown]) {
      expect(response.status).toBe("404");
      expect(response.body).toMatchObject({ error: { code: "NotFound", innererror: { code: "ResultNotFound" } } });
    }
    expect((await client.path(path, "prebuilt-read", resultId).get()).status).toBe("200");
  });
});
