import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OcrflowError } from "../../packages/shared/src/errors.ts";
import { PAGE_SEPARATOR, runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { OcrEngine, OcrResult, PageProgress } from "../../apps/worker/src/ocr/types.ts";
import { listOcrBackends } from "../support/ocr-backends.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";
import { expectedText, fixturePath } from "./ocr-fixtures.ts";

const OCR_TIMEOUT = 120_000;
const MAX_CER = 0.03;
let engine: OcrEngine;
let scratchDir: string;

const BACKENDS = await listOcrBackends();

beforeAll(async () => {
  scratchDir = await mkdtemp(path.join(tmpdir(), "ocrflow-ocr-"));
});

afterAll(async () => {
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

function ocrFixture(name: string, mimeType: string, onPage?: (progress: PageProgress) => void): Promise<OcrResult> {
  return runOcr({ filePath: fixturePath(name), mimeType, languages: ["eng"], engine, onPage });
}

function expectWordsInsidePages(result: OcrResult): void {
  for (const page of result.pages) {
    expect(page.words.length).toBeGreaterThan(0);
    for (const { bbox } of page.words) {
      expect(bbox.x0).toBeGreaterThanOrEqual(0);
      expect(bbox.y0).toBeGreaterThanOrEqual(0);
      expect(bbox.x1).toBeLessThanOrEqual(page.width);
      expect(bbox.y1).toBeLessThanOrEqual(page.height);
      expect(bbox.x1).toBeGreaterThan(bbox.x0);
      expect(bbox.y1).toBeGreaterThan(bbox.y0);
    }
  }
}

describe.each(BACKENDS)("runOcr on $backend", { timeout: OCR_TIMEOUT }, ({ createEngine }) => {
  beforeAll(async () => {
    engine = await createEngine();
  });
  afterAll(async () => {
    await engine?.terminate();
  });

  describe("when the document is a single PNG page", () => {
    let result: OcrResult;
    beforeAll(async () => {
      result = await ocrFixture("page-eng.png", "image/png");
    }, OCR_TIMEOUT);

    it("reads the text with a character error rate under 3%", () => {
      expect(result.pageCount).toBe(1);
      expect(characterErrorRate(expectedText["page-eng.png"].join("\n"), result.text)).toBeLessThan(MAX_CER);
    });

    it("reports word boxes inside the page, with confidences and hOCR", () => {
      expectWordsInsidePages(result);
      expect(result.confidence).toBeGreaterThan(80);
      expect(result.pages[0]!.hocr).toContain("ocr_page");
      expect(result.processingMs).toBeGreaterThan(0);
    });
  });

  describe("when the document is the same page as a JPEG", () => {
    it("reads the text with a character error rate under 3%", async () => {
      const result = await ocrFixture("page-eng.jpg", "image/jpeg");
      expect(characterErrorRate(expectedText["page-eng.jpg"].join("\n"), result.text)).toBeLessThan(MAX_CER);
    });
  });

  describe("when the PDF has two pages", () => {
    const progress: PageProgress[] = [];
    let result: OcrResult;
    beforeAll(async () => {
      result = await ocrFixture("two-pages.pdf", "application/pdf", (p) => void progress.push(p));
    }, OCR_TIMEOUT);

    it("reads every page with a character error rate under 3%", () => {
      expect(result.pageCount).toBe(2);
      expect(result.pages.map((page) => page.page)).toEqual([1, 2]);
      expectedText["two-pages.pdf"].forEach((lines, index) => {
        expect(characterErrorRate(lines.join("\n"), result.pages[index]!.text)).toBeLessThan(MAX_CER);
      });
      expectWordsInsidePages(result);
    });

    it("reports progress once per page, in page order", () => {
      expect(progress.map(({ page, pageCount }) => [page, pageCount])).toEqual([
        [1, 2],
        [2, 2],
      ]);
      expect(progress[1]!.result).toBe(result.pages[1]);
    });

    it("separates the pages' text with a form feed", () => {
      expect(result.text.split(PAGE_SEPARATOR)).toEqual(result.pages.map((page) => page.text));
    });
  });

  describe("when the TIFF has three pages", () => {
    const progress: number[] = [];
    let result: OcrResult;
    beforeAll(async () => {
      result = await ocrFixture("three-pages.tiff", "image/tiff", (p) => void progress.push(p.page));
    }, OCR_TIMEOUT);

    it("reads every page with a character error rate under 3%", () => {
      expect(result.pageCount).toBe(3);
      expectedText["three-pages.tiff"].forEach((lines, index) => {
        expect(characterErrorRate(lines.join("\n"), result.pages[index]!.text)).toBeLessThan(MAX_CER);
      });
      expectWordsInsidePages(result);
    });

    it("reports progress once per page, in page order", () => {
      expect(progress).toEqual([1, 2, 3]);
    });
  });

  describe("when resuming a PDF from page 2", () => {
    it("reads only the pages from there on", async () => {
      const result = await runOcr({
        filePath: fixturePath("two-pages.pdf"),
        mimeType: "application/pdf",
        languages: ["eng"],
        engine,
        startPage: 2,
      });
      expect(result.pageCount).toBe(2);
      expect(result.pages.map((page) => page.page)).toEqual([2]);
      expect(result.text).toContain("Page two");
    });
  });

  describe("when the file is corrupt", () => {
    it("rejects a truncated PDF with CORRUPT_FILE", async () => {
      const pdf = await readFile(fixturePath("two-pages.pdf"));
      const truncated = path.join(scratchDir, "truncated.pdf");
      await writeFile(truncated, pdf.subarray(0, Math.floor(pdf.length / 2)));
      const run = runOcr({ filePath: truncated, mimeType: "application/pdf", languages: ["eng"], engine });
      await expect(run).rejects.toBeInstanceOf(OcrflowError);
      await expect(run).rejects.toMatchObject({ code: "CORRUPT_FILE", retryable: false });
    });

    it("rejects random bytes labelled image/png with CORRUPT_FILE", async () => {
      const noise = path.join(scratchDir, "noise.png");
      await writeFile(noise, randomBytes(4096));
      const run = runOcr({ filePath: noise, mimeType: "image/png", languages: ["eng"], engine });
      await expect(run).rejects.toMatchObject({ name: "OcrflowError", code: "CORRUPT_FILE" });
    });

    it("rejects a text file named .png with CORRUPT_FILE", async () => {
      await expect(ocrFixture("not-an-image.png", "image/png")).rejects.toMatchObject({ code: "CORRUPT_FILE" });
    });
  });

  describe("when the document has more pages than allowed", () => {
    it("rejects it with TOO_MANY_PAGES before reading any page", async () => {
      const pagesRead: number[] = [];
      const run = runOcr({
        filePath: fixturePath("two-pages.pdf"),
        mimeType: "application/pdf",
        languages: ["eng"],
        engine,
        maxPages: 1,
        onPage: ({ page }) => {
          pagesRead.push(page);
        },
      });
      await expect(run).rejects.toMatchObject({ code: "TOO_MANY_PAGES", retryable: false });
      expect(pagesRead).toEqual([]);
    });
  });

  describe("when the content type cannot be OCRed", () => {
    it("rejects it with UNSUPPORTED_CONTENT", async () => {
      await expect(ocrFixture("page-eng.png", "text/plain")).rejects.toMatchObject({ code: "UNSUPPORTED_CONTENT" });
    });
  });

  describe("when a language is not installed", () => {
    it("rejects the job with UNKNOWN_LANGUAGE", async () => {
      const run = runOcr({ filePath: fixturePath("tiny.gif"), mimeType: "image/gif", languages: ["xyz"], engine });
      await expect(run).rejects.toMatchObject({ code: "UNKNOWN_LANGUAGE" });
    });
  });

  describe("when the signal is already aborted", () => {
    it("rejects with the abort reason before reading a page", async () => {
      const pages: number[] = [];
      const run = runOcr({
        filePath: fixturePath("two-pages.pdf"),
        mimeType: "application/pdf",
        languages: ["eng"],
        engine,
        signal: AbortSignal.abort(),
        onPage: (p) => void pages.push(p.page),
      });
      await expect(run).rejects.toMatchObject({ name: "AbortError" });
      expect(pages).toEqual([]);
    });
  });

  describe("when the signal is aborted during the first page", () => {
    it("stops before the next page", async () => {
      const controller = new AbortController();
      const pages: number[] = [];
      const run = runOcr({
        filePath: fixturePath("three-pages.tiff"),
        mimeType: "image/tiff",
        languages: ["eng"],
        engine,
        signal: controller.signal,
        onPage: (p) => {
          pages.push(p.page);
          controller.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ name: "AbortError" });
      expect(pages).toEqual([1]);
    });
  });
});
