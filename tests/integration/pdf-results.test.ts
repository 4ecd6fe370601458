import { DOMParser } from "@xmldom/xmldom";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, FIXTURES_DIR, fileForm, uniqueCopy, uniqueFixture, waitForJob } from "../support/http-client.ts";
import { pdfPageTexts, poppler } from "../support/poppler.ts";
import { makeTestPdf } from "../support/test-pdfs.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";

const BORN_DIGITAL = ["Quarterly statement for account 4471", "Balance carried forward: 1,024.00"];

/** A born-digital page, then a scanned page, digitally signed (a signature dictionary with /ByteRange). */
async function signedMixedPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.load(await makeTestPdf([{ lines: BORN_DIGITAL }, { scan: `${FIXTURES_DIR}/page-eng.jpg` }]));
  const signature = pdf.context.obj({ Type: "Sig", Filter: "Adobe.PPKLite", ByteRange: [0, 100, 200, 300], Contents: PDFString.of("0") });
  pdf.catalog.set(PDFName.of("OcrflowTestSig"), pdf.context.register(signature));
  return uniqueCopy(Buffer.from(await pdf.save()));
}

describe("when a PDF or image job's result is fetched as a searchable PDF", () => {
  let service: TestService;
  let client: ApiClient;
  let key: string;
  const uploads: Record<string, { job: any; bytes: Buffer }> = {};

  const complete = async (name: string, bytes: Buffer, fields: Record<string, string> = {}) => {
    const { body } = await client.postForm("/api/v1/jobs", fileForm(bytes, name, fields));
    const job = await waitForJob(client, body.job.id);
    expect(job.status).toBe("completed");
    uploads[name] = { job, bytes };
  };
  const getPdf = async (jobId: string) => {
    const response = await fetch(`${service.baseUrl}/api/v1/jobs/${jobId}/result?format=pdf`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return { response, pdf: new Uint8Array(await response.arrayBuffer()) };
  };
  const resultOf = async (jobId: string) => (await client.get(`/api/v1/jobs/${jobId}/result`)).body;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    key = (await service.createUser()).key;
    client = apiClient(service.baseUrl, key);
    await complete("scan.pdf", await uniqueFixture("two-pages.pdf"));
    await complete("letter.jpg", await uniqueFixture("page-eng.jpg"));
    await complete("signed.pdf", await signedMixedPdf());
  });
  afterAll(async () => service?.close());

  it("takes a born-digital page's words from the PDF and OCRs the scanned page (textLayer auto)", async () => {
    const result = await resultOf(uploads["signed.pdf"]!.job.id);
    expect(result.pages.map((page: any) => page.source)).toEqual(["embedded", "ocr"]);
    expect(result.pages[0].words.map((word: any) => word.text)).toEqual(BORN_DIGITAL.join(" ").split(" "));
    expect(result.pages[0].confidence).toBe(100);
    expect(result.pages[1].words.length).toBeGreaterThan(10);
  });

  it("gives a scanned PDF back with a text layer that pdftotext reads as the result's text, at most 10% larger", async () => {
    const { job, bytes } = uploads["scan.pdf"]!;
    const { response, pdf } = await getPdf(job.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${job.id}.pdf"`);
    expect(response.headers.get("x-ocrflow-pdf-signature")).toBeNull();
    expect(pdf.byteLength).toBeLessThanOrEqual(bytes.byteLength * 1.1);
    const result = await resultOf(job.id);
    const texts = await pdfPageTexts(pdf);
    expect(texts).toHaveLength(2);
    for (const [index, text] of texts.entries()) expect(characterErrorRate(result.pages[index].text, text)).toBeLessThan(0.02);
    const info = await poppler("pdfinfo", pdf);
    expect(info.stderr).toBe("");
    expect((await poppler("pdftotext", pdf)).stderr).toBe("");
  });

  it("makes a searchable PDF of an image", async () => {
    const { job } = uploads["letter.jpg"]!;
    const { response, pdf } = await getPdf(job.id);
    expect(response.status).toBe(200);
    const [text] = await pdfPageTexts(pdf);
    expect(characterErrorRate((await resultOf(job.id)).text, text!)).toBeLessThan(0.02);
    expect((await poppler("pdfinfo", pdf)).stderr).toBe("");
  });

  it("makes a new file of a signed PDF and says the signature is not carried over; the born-digital page keeps its own text", async () => {
    const { job } = uploads["signed.pdf"]!;
    const { response, pdf } = await getPdf(job.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ocrflow-pdf-signature")).toBe("not-carried-over");
    const [first, second] = await pdfPageTexts(pdf);
    expect(first).toBe(BORN_DIGITAL.join(" "));
    expect(characterErrorRate((await resultOf(job.id)).pages[1].text, second!)).toBeLessThan(0.02);
    const original = await PDFDocument.load(pdf);
    expect(original.catalog.get(PDFName.of("OcrflowTestSig"))).toBeUndefined();
  });

  it("gives ALTO v4 XML with the same words as the JSON", async () => {
    const { job } = uploads["scan.pdf"]!;
    const response = await client.get(`/api/v1/jobs/${job.id}/result?format=alto`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    const document = new DOMParser({
      onError: (level, message) => {
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(response.body, "application/xml");
    const ns = "http://www.loc.gov/standards/alto/ns-v4#";
    const contents = Array.from(document.getElementsByTagNameNS(ns, "String")).map((string) => string.getAttribute("CONTENT"));
    const result = await resultOf(job.id);
    expect(contents).toEqual(result.pages.flatMap((page: any) => page.words.map((word: any) => word.text)));
    expect(document.getElementsByTagNameNS(ns, "Page")).toHaveLength(2);
  });
});
