import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metadataSchema } from "../../packages/shared/src/validators/responses.ts";
import { ENGLISH_INVOICE } from "../support/generated-documents.ts";
import { type ApiClient, apiClient, fileForm, uniqueCopy, waitForJob } from "../support/http-client.ts";
import { sharp } from "../../bench/lib/sharp.ts";
import { renderDocument } from "../support/render-document.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const FORMATS = ["json", "text", "markdown", "hocr"] as const;

describe("when a generated invoice is read", () => {
  let service: TestService;
  let client: ApiClient;
  let invoice: Buffer;
  let key: string;

  const complete = async (fields: Record<string, string> = {}) => {
    const { body } = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(invoice), "invoice.png", { languages: "eng", ...fields }));
    const job = await waitForJob(client, body.job.id);
    expect(job.status).toBe("completed");
    return job.id as string;
  };
  const everyFormat = async (jobId: string) =>
    Promise.all(
      FORMATS.map(async (format) => {
        const { body } = await client.get(`/api/v1/jobs/${jobId}/result?format=${format}`);
        return typeof body === "string" ? body : JSON.stringify(body);
      }),
    );
  /** Everything the database keeps of the job's result: pages (text, words, hOCR, identifiers) and the result row. */
  const storedRows = async (jobId: string) => {
    const [pages, result] = await Promise.all([
      service.db.jobPage.findMany({ where: { jobId } }),
      service.db.result.findUnique({ where: { jobId } }),
    ]);
    return JSON.stringify({ pages, result });
  };

  /** The mean grey (0 black - 255 white) of the card number's box in the page image the web app shows. */
  const cardBoxBrightness = async (jobId: string) => {
    const { body } = await client.get(`/api/v1/jobs/${jobId}/result`);
    const box = body.metadata.identifiers.find((identifier: { type: string }) => identifier.type === "card").box;
    const response = await fetch(`${service.baseUrl}/api/v1/jobs/${jobId}/pages/1/image`, { headers: { authorization: `Bearer ${key}` } });
    const image = sharp(Buffer.from(await response.arrayBuffer()));
    const { width } = await image.metadata();
    const scale = width! / body.pages[0].width;
    const region = {
      left: Math.round(box.x0 * scale),
      top: Math.round(box.y0 * scale),
      width: Math.round((box.x1 - box.x0) * scale),
      height: Math.round((box.y1 - box.y0) * scale),
    };
    const pixels = await image.extract(region).greyscale().raw().toBuffer();
    return pixels.reduce((sum, value) => sum + value, 0) / pixels.length;
  };

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    key = (await service.createUser()).key;
    client = apiClient(service.baseUrl, key);
    invoice = await renderDocument(ENGLISH_INVOICE.lines);
  });
  afterAll(async () => service?.close());

  it("gives its metadata in the JSON result: language, dates, total, vendor, identifiers and category", async () => {
    const jobId = await complete();
    const { body } = await client.get(`/api/v1/jobs/${jobId}/result`);
    const metadata = metadataSchema.parse(body.metadata);
    expect(metadata.language.code).toBe("eng");
    expect(metadata).toMatchObject({ documentDate: "2026-03-04", dateOrder: "day-first", currency: "EUR" });
    expect(metadata.dates.map((date) => date.date)).toEqual(["2026-03-04", "2026-03-25"]);
    expect(metadata.total).toMatchObject({ value: 23.8, currency: "EUR", page: 1, box: { x0: expect.any(Number) } });
    expect(metadata.vendor?.name).toBe("ACME Supplies Ltd");
    expect(metadata.category).toMatchObject({ category: "invoice", source: "auto", signals: expect.arrayContaining(["word: invoice"]) });
    expect(metadata.identifiers.map(({ type, value, valid, masked }) => ({ type, value, valid, masked }))).toEqual([
      { type: "invoice_number", value: "INV-2026-0042", valid: null, masked: false },
      { type: "iban", value: "DE89370400440532013000", valid: true, masked: false },
      { type: "card", value: "••••••••••••1111", valid: true, masked: true },
      { type: "email", value: "billing@acme.example", valid: null, masked: false },
    ]);
  });

  it("never shows the card number, in any format, in what is stored, nor in the page's image", async () => {
    const jobId = await complete();
    const outputs = [...(await everyFormat(jobId)), await storedRows(jobId)];
    const digits = ENGLISH_INVOICE.card.replace(/ /g, "");
    for (const output of outputs) {
      expect(output).not.toContain(ENGLISH_INVOICE.card);
      expect(output).not.toContain(digits);
      expect(output).not.toContain("4111 1111");
    }
    const [, text, markdown, hocr] = outputs;
    expect(text).toContain("•••• •••• •••• 1111");
    expect(markdown).toMatch(/^---\nlanguage: "eng"\n[\s\S]*category: "invoice"[\s\S]*total: 23\.8\n[\s\S]*---\n\n# invoice\.png/);
    expect(hocr).toContain(">••••</span>");
    expect(await cardBoxBrightness(jobId)).toBeLessThan(10);
  });

  it("shows it everywhere when the job asked for revealIdentifiers", async () => {
    const jobId = await complete({ revealIdentifiers: "true" });
    const [json, text, , hocr] = await everyFormat(jobId);
    expect(text).toContain(ENGLISH_INVOICE.card);
    expect(JSON.parse(json!).metadata.identifiers).toContainEqual(
      expect.objectContaining({ type: "card", value: "4111111111111111", masked: false }),
    );
    expect(hocr).not.toContain("•");
    expect(await cardBoxBrightness(jobId)).toBeGreaterThan(100);
  });
});
