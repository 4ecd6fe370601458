import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import {
  type GreyScan,
  PDF_IMAGE_FORMS,
  type PdfImageForm,
  posterScan,
  readGreyScan,
  writeImageFormPdf,
} from "../support/pdf-image-forms.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";
import { expectedText, fixturePath } from "./ocr-fixtures.ts";

const MAX_CER = 0.03;

describe("a scanned PDF page", { timeout: 60_000 }, () => {
  let engine: OcrEngine;
  let scratchDir: string;
  let scan: GreyScan;

  beforeAll(async () => {
    engine = createOcrEngine({ concurrency: 1 });
    scratchDir = await mkdtemp(path.join(tmpdir(), "ocrflow-pdf-forms-"));
    // The text's left part of the 300 dpi fixture (5 x 3.1 inches): all of its lines, fewer pixels to render.
    scan = await readGreyScan(fixturePath("page-eng.png"), 300, 1500);
  });

  afterAll(async () => {
    await engine?.terminate();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  async function readPdf(name: string, pdf: Buffer, maxPagePixels?: number) {
    const filePath = path.join(scratchDir, name);
    await writeFile(filePath, pdf);
    return runOcr({ filePath, mimeType: "application/pdf", languages: ["eng"], engine, maxPagePixels });
  }

  describe.each(PDF_IMAGE_FORMS)("whose scan is stored as %s", (form: PdfImageForm) => {
    it(`reads the text with a character error rate under ${MAX_CER * 100}%, at the scan's own resolution`, async () => {
      const result = await readPdf(`${form}.pdf`, await writeImageFormPdf(form, scan));
      expect(characterErrorRate(expectedText["page-eng.png"].join("\n"), result.text)).toBeLessThan(MAX_CER);
      expect(result.pages[0]).toMatchObject({ width: scan.width, height: scan.height });
    });
  });

  describe("whose JPEG 2000 stream is cut short", () => {
    it("refuses the document with CORRUPT_FILE, naming the page", async () => {
      const pdf = await writeImageFormPdf("jpx", scan, { cut: 0.5 });
      await expect(readPdf("jpx-cut.pdf", pdf)).rejects.toMatchObject({
        code: "CORRUPT_FILE",
        retryable: false,
        message: expect.stringContaining("page 1"),
      });
    });
  });

  describe("of a poster, 25 x 50 inches, whose scan is 8 megapixels (80 dpi)", () => {
    it("reads the text at about the scan's resolution under a 20 MP limit that 216 dpi (58 MP) would pass", async () => {
      const poster = await posterScan(scan, 2000, 4000, 80);
      const result = await readPdf("poster.pdf", await writeImageFormPdf("jpeg", poster), 20_000_000);
      expect(characterErrorRate(expectedText["page-eng.png"].join("\n"), result.text)).toBeLessThan(MAX_CER);
      expect(result.pages[0]).toMatchObject({ width: 2100, height: 4200 });
    });
  });
});
