import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { TextLayer } from "../../apps/worker/src/ocr/text-layer/choose-embedded-pages.ts";
import type { OcrEngine, PageOcr } from "../../apps/worker/src/ocr/types.ts";
import { lineOrigin, makeTestPdf, type TestPage } from "../support/test-pdfs.ts";
import { fixturePath } from "./ocr-fixtures.ts";

const FIRST_PAGE = ["Invoice 2026-114 for ACME & Sons", "Total due: 1,234.50 EUR by 31 December"];
const THIRD_PAGE = ["Appendix with three more words", "and another line of plain text"];
// What the engine answers for a scanned page; the engine is the edge these tests are not about.
const OCR_PAGE: PageOcr = {
  text: "scanned words\n",
  confidence: 88,
  words: [
    { text: "scanned", confidence: 88, bbox: { x0: 10, y0: 10, x1: 90, y1: 30 } },
    { text: "words", confidence: 88, bbox: { x0: 100, y0: 10, x1: 160, y1: 30 } },
  ],
  hocr: "<div class='ocr_page' id='page_1'></div>",
};

let scratchDir: string;
beforeAll(async () => {
  scratchDir = await mkdtemp(path.join(tmpdir(), "ocrflow-text-layer-"));
});
afterAll(async () => {
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

/** An engine that counts the pages it is asked to read. */
function countingEngine(): OcrEngine & { calls: number } {
  return {
    calls: 0,
    async warmUp() {},
    async modelIdentity() {
      return "test";
    },
    async recognize() {
      this.calls += 1;
      return OCR_PAGE;
    },
    async terminate() {},
  };
}

async function readPdf(pages: TestPage[], textLayer: TextLayer) {
  const filePath = path.join(scratchDir, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(filePath, await makeTestPdf(pages));
  const engine = countingEngine();
  const result = await runOcr({ filePath, mimeType: "application/pdf", languages: ["eng"], engine, textLayer });
  return { result, engine };
}

const words = (lines: string[]) => lines.flatMap((line) => line.split(" "));
const SCAN: TestPage = { scan: fixturePath("page-eng.jpg") };

describe("textLayer auto", () => {
  it("takes a born-digital page's own words exactly, with confidence 100 and without OCR", async () => {
    const { result, engine } = await readPdf([{ lines: FIRST_PAGE }], "auto");
    expect(engine.calls).toBe(0);
    const [page] = result.pages;
    expect(page!.source).toBe("embedded");
    expect(page!.words.map((word) => word.text)).toEqual(words(FIRST_PAGE));
    expect(page!.words.every((word) => word.confidence === 100)).toBe(true);
    expect(page!.confidence).toBe(100);
    expect(page!.text).toBe(`${FIRST_PAGE.join("\n")}\n`);
    expect(page!.words.map((word) => word.line)).toEqual(words(FIRST_PAGE).map((_, i) => (i < FIRST_PAGE[0]!.split(" ").length ? 1 : 2)));
  });

  it("places the words where the PDF draws them, in the pixel space of the page at 216 dpi", async () => {
    const { result } = await readPdf([{ lines: FIRST_PAGE }], "auto");
    const page = result.pages[0]!;
    expect([page.width, page.height]).toEqual([612 * 3, 792 * 3]);
    const first = page.words[0]!.bbox;
    const { x, baseline } = lineOrigin(0);
    expect(first.x0).toBeCloseTo(x * 3, -1);
    // The baseline (in pixels from the top) lies inside the word's box, near its bottom.
    const baselinePx = (792 - baseline) * 3;
    expect(first.y0).toBeLessThan(baselinePx);
    expect(first.y1).toBeGreaterThan(baselinePx);
    expect(first.y1 - baselinePx).toBeLessThan(12 * 3 * 0.3);
    // Words of a line follow each other left to right without overlapping.
    const line = page.words.filter((word) => word.line === 1);
    for (let i = 1; i < line.length; i += 1) expect(line[i]!.bbox.x0).toBeGreaterThanOrEqual(line[i - 1]!.bbox.x1);
  });

  it("OCRs a scanned page", async () => {
    const { result, engine } = await readPdf([SCAN], "auto");
    expect(engine.calls).toBe(1);
    expect(result.pages[0]!.source).toBe("ocr");
    expect(result.pages[0]!.words.map((word) => word.text)).toEqual(["scanned", "words"]);
  });

  it("decides page by page in a mixed PDF, and keeps the pages in order", async () => {
    const { result, engine } = await readPdf([{ lines: FIRST_PAGE }, SCAN, { lines: THIRD_PAGE }], "auto");
    expect(engine.calls).toBe(1);
    expect(result.pages.map((page) => [page.page, page.source])).toEqual([
      [1, "embedded"],
      [2, "ocr"],
      [3, "embedded"],
    ]);
    expect(result.pages[2]!.words.map((word) => word.text)).toEqual(words(THIRD_PAGE));
    expect(result.text.split("\f")).toEqual([`${FIRST_PAGE.join("\n")}\n`, OCR_PAGE.text, `${THIRD_PAGE.join("\n")}\n`]);
  });
});

describe("textLayer ocr", () => {
  it("OCRs every page, born-digital ones too", async () => {
    const { result, engine } = await readPdf([{ lines: FIRST_PAGE }, { lines: THIRD_PAGE }], "ocr");
    expect(engine.calls).toBe(2);
    expect(result.pages.map((page) => page.source)).toEqual(["ocr", "ocr"]);
  });
});

describe("textLayer embedded", () => {
  it("never OCRs: a scanned page has no words", async () => {
    const { result, engine } = await readPdf([{ lines: FIRST_PAGE }, SCAN], "embedded");
    expect(engine.calls).toBe(0);
    expect(result.pages.map((page) => [page.source, page.words.length > 0])).toEqual([
      ["embedded", true],
      ["embedded", false],
    ]);
  });
});
