import DocumentIntelligence, {
  type AnalyzeOperationOutput,
  type DocumentIntelligenceClient,
  getLongRunningPoller,
  isUnexpected,
} from "@azure-rest/ai-document-intelligence";
import { AzureKeyCredential } from "@azure/core-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeOperationSchema } from "../../apps/api/src/openapi/azure-paths.ts";
import { apiClient, fixture, waitForJob } from "../support/http-client.ts";
import { pdfPageTexts } from "../support/poppler.ts";
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
    const { result, operationLocation } = await pollResult(client, initial);
    expect(result.pages.map((page) => page.pageNumber)).toEqual([1, 2]);
    // Then paperless-ngx downloads the searchable PDF (get_analyze_result_pdf) and keeps it as the archive version.
    const resultId = new URL(operationLocation!).pathname.split("/").at(-1)!;
    const download = await client
      .path("/documentModels/{modelId}/analyzeResults/{resultId}/pdf", "prebuilt-read", resultId)
      .get()
      .asNodeStream();
    expect(download.status).toBe("200");
    expect(download.headers["content-type"]).toMatch(/^application\/pdf/);
    const chunks: Buffer[] = [];
    for await (const chunk of download.body!) chunks.push(Buffer.from(chunk as Uint8Array));
    const pageTexts = await pdfPageTexts(Buffer.concat(chunks));
    expect(pageTexts).toHaveLength(2);
    for (const [index, line] of EXPECTED_LINES.pdf.entries()) expect(pageTexts[index]).toContain(line);
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
    // Done before the service closes, so no page is being read when its worker stops.
    expect((await waitForJob(apiClient(service.baseUrl, key), resultId)).status).toBe("completed");
  });
});

describe("the Azure-compatible endpoint over plain HTTP: the Form Recognizer prefix and every refusal", () => {
  let service: TestService;
  let key: string;
  const analyzeUrl = (prefix: string, query = "api-version=2023-07-31") =>
    `${service.baseUrl}/${prefix}/documentModels/prebuilt-read:analyze?${query}`;
  const post = (url: string, body: Uint8Array | string, contentType = "application/octet-stream") =>
    fetch(url, { method: "POST", body: body as BodyInit, headers: { "Content-Type": contentType, "Ocp-Apim-Subscription-Key": key } });
  const expectAzureError = async (response: Response, status: number, code: string, inner?: string) => {
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
    if (inner) expect(body.error.innererror.code).toBe(inner);
    return body;
  };

  beforeAll(async () => {
    service = await startTestService({ withWorker: true, env: { MAX_FILE_SIZE_MB: "1", AZURE_LANGUAGES: "fra" } });
    key = (await service.createUser()).key;
  });
  afterAll(async () => service?.close());

  it("serves /formrecognizer too, and counts offsets as the analyze request asked, through Operation-Location", async () => {
    const accepted = await post(
      analyzeUrl("formrecognizer", "api-version=2023-07-31&stringIndexType=utf16CodeUnit"),
      await fixture("tiny.bmp"),
    );
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get("apim-request-id")).toBeTruthy();
    const location = accepted.headers.get("operation-location")!;
    expect(location).toMatch(
      /\/formrecognizer\/documentModels\/prebuilt-read\/analyzeResults\/[0-9a-f-]{36}\?api-version=2023-07-31&stringIndexType=utf16CodeUnit$/,
    );
    let body: any;
    for (let polls = 0; polls < 100; polls++) {
      const response = await fetch(location, { headers: { "Ocp-Apim-Subscription-Key": key } });
      expect(response.status).toBe(200);
      body = analyzeOperationSchema.parse(await response.json());
      if (body.status !== "notStarted" && body.status !== "running") break;
      expect(response.headers.get("retry-after")).toBe("1");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(body.status).toBe("succeeded");
    expect(body.analyzeResult).toMatchObject({ apiVersion: "2023-07-31", stringIndexType: "utf16CodeUnit" });
  });

  it("reads in AZURE_LANGUAGES unless the request names a locale; refuses a locale it cannot read", async () => {
    const languagesOf = async (response: Response) => {
      expect(response.status).toBe(202);
      const jobId = response.headers.get("operation-location")!.match(/analyzeResults\/([^?]+)/)![1];
      // Waited for, so no page is being read when the service closes.
      const job = await waitForJob(apiClient(service.baseUrl, key), jobId!);
      expect(job.status).toBe("completed");
      return job.languages;
    };
    const bytes = await fixture("tiny.gif");
    expect(await languagesOf(await post(analyzeUrl("documentintelligence"), bytes))).toEqual(["fra"]);
    expect(await languagesOf(await post(analyzeUrl("documentintelligence", "api-version=2024-11-30&locale=en-US"), bytes))).toEqual([
      "eng",
    ]);
    // Japanese is a locale Azure knows but no model for it is installed here; "xx" is no locale at all.
    await expectAzureError(
      await post(analyzeUrl("documentintelligence", "api-version=2024-11-30&locale=ja"), bytes),
      400,
      "InvalidRequest",
      "InvalidParameter",
    );
    await expectAzureError(
      await post(analyzeUrl("documentintelligence", "api-version=2024-11-30&locale=xx"), bytes),
      400,
      "InvalidRequest",
      "InvalidParameter",
    );
  });

  it("refuses urlSource, bad base64 and a body with neither, as InvalidRequest", async () => {
    const url = analyzeUrl("documentintelligence");
    const json = (body: unknown) => post(url, JSON.stringify(body), "application/json");
    const refused = await expectAzureError(
      await json({ urlSource: "https://example.com/a.pdf" }),
      400,
      "InvalidRequest",
      "InvalidParameter",
    );
    expect(refused.error.innererror.message).toContain("urlSource is not supported");
    await expectAzureError(await json({ base64Source: "not base64!" }), 400, "InvalidRequest", "InvalidParameter");
    await expectAzureError(await json({}), 400, "InvalidRequest", "InvalidParameter");
    await expectAzureError(await post(url, "{", "application/json"), 400, "InvalidRequest", "InvalidJson");
  });

  it("refuses a file over the size limit (1 MB here) with 413, sent raw or as base64, an empty one with 400", async () => {
    const large = Buffer.alloc(1024 * 1024 + 1, 7);
    const url = analyzeUrl("documentintelligence");
    await expectAzureError(await post(url, large), 413, "InvalidRequest", "InvalidContentLength");
    await expectAzureError(
      await post(url, JSON.stringify({ base64Source: large.toString("base64") }), "application/json"),
      413,
      "InvalidRequest",
      "InvalidContentLength",
    );
    await expectAzureError(await post(url, new Uint8Array(0)), 400, "InvalidRequest", "InvalidContentLength");
  });

  it("refuses forms with 415 and content it cannot read with Azure's InvalidContent", async () => {
    const url = analyzeUrl("documentintelligence");
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await fixture("tiny.bmp"))]), "tiny.bmp");
    const formResponse = await fetch(url, { method: "POST", body: form, headers: { "Ocp-Apim-Subscription-Key": key } });
    await expectAzureError(formResponse, 415, "InvalidRequest", "InvalidContent");
    await expectAzureError(await post(url, await fixture("not-an-image.png")), 415, "InvalidRequest", "InvalidContent");
    await expectAzureError(await post(url, await fixture("encrypted.pdf")), 400, "InvalidRequest", "InvalidContent");
  });

  it("needs api-version, a key in Ocp-Apim-Subscription-Key, and answers unknown paths in Azure's shape", async () => {
    await expectAzureError(
      await post(analyzeUrl("documentintelligence", ""), await fixture("tiny.bmp")),
      400,
      "MissingApiVersionParameter",
    );
    const bearer = await fetch(analyzeUrl("documentintelligence"), {
      method: "POST",
      body: (await fixture("tiny.bmp")) as BodyInit,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/octet-stream" },
    });
    await expectAzureError(bearer, 401, "401");
    const unknown = await fetch(`${service.baseUrl}/documentintelligence/documentClassifiers?api-version=2024-11-30`, {
      headers: { "Ocp-Apim-Subscription-Key": key },
    });
    await expectAzureError(unknown, 404, "404");
  });
});
