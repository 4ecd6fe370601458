import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareImage } from "../../apps/worker/src/ocr/preprocess/prepare-image.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { randomLines, seededRandom } from "../../bench/corpus/random-text.ts";
import {
  addScanNoise,
  encodePng,
  encodeTiff16,
  lowerResolution,
  type RawPage,
  renderPage,
  skewPage,
} from "../../bench/corpus/render-page.ts";
import { listOcrBackends } from "../support/ocr-backends.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";

// Pages drawn here, as the benchmark draws its corpus: A4 at 300 dpi, 11 pt text.
const MAX_CER = 0.02;
let engine: OcrEngine;
let scratchDir: string;

const BACKENDS = await listOcrBackends();

beforeAll(async () => {
  scratchDir = await mkdtemp(path.join(tmpdir(), "ocrflow-prep-"));
});

afterAll(async () => {
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

async function drawPage(seed: number, lineCount = 6): Promise<{ lines: string[]; page: RawPage }> {
  const lines = randomLines(seededRandom(seed), lineCount);
  return { lines, page: await renderPage(lines, "DejaVu Serif") };
}

async function readText(png: Buffer): Promise<{ text: string; prepared: Awaited<ReturnType<typeof prepareImage>> }> {
  const prepared = await prepareImage(png);
  const { text } = await engine.recognize(prepared.image, ["eng"]);
  return { text, prepared };
}

describe.each(BACKENDS)("preprocessing, read with $backend", { timeout: 120_000 }, ({ createEngine }) => {
  beforeAll(async () => {
    engine = await createEngine();
  });
  afterAll(async () => {
    await engine?.terminate();
  });

  describe("when the page is scanned 4 degrees askew", () => {
    it("measures the skew, straightens it and reads the text", async () => {
      const { lines, page } = await drawPage(1);
      const { text, prepared } = await readText(await encodePng(await skewPage(page, 4)));
      expect(prepared.corrections.skewDegrees).toBeCloseTo(4, 0);
      expect(characterErrorRate(lines.join("\n"), text)).toBeLessThan(MAX_CER);
    });

    it("measures a counter-clockwise skew as negative", async () => {
      const { page } = await drawPage(2);
      const prepared = await prepareImage(await encodePng(await skewPage(page, -2.5)));
      expect(prepared.corrections.skewDegrees).toBeGreaterThan(-2.8);
      expect(prepared.corrections.skewDegrees).toBeLessThan(-2.2);
    });
  });

  describe("when the page is straight", () => {
    it("leaves it unrotated and unfiltered", async () => {
      const { page } = await drawPage(3);
      const prepared = await prepareImage(await encodePng(page));
      expect(prepared.corrections).toEqual({ denoised: false, skewDegrees: 0, scale: 1 });
    });
  });

  describe("when the page was scanned at 150 dpi", () => {
    it("scales it to 300 dpi and reads the text", async () => {
      const { lines, page } = await drawPage(4);
      const { text, prepared } = await readText(await encodePng(await lowerResolution(page, 150)));
      expect(prepared.corrections.scale).toBe(2);
      expect(prepared.width).toBe(2480);
      expect(characterErrorRate(lines.join("\n"), text)).toBeLessThan(MAX_CER);
    });
  });

  describe("when the scan is covered in specks and grain", () => {
    it("removes the noise and reads the text", async () => {
      const { lines, page } = await drawPage(5);
      const { text, prepared } = await readText(await encodePng(addScanNoise(page, 5)));
      expect(prepared.corrections.denoised).toBe(true);
      expect(characterErrorRate(lines.join("\n"), text)).toBeLessThan(MAX_CER);
    });

    it("reads nothing from a noisy page without text", async () => {
      const blank = await renderPage([], "DejaVu Sans");
      const { text } = await readText(await encodePng(addScanNoise(blank, 6)));
      expect(text.trim()).toBe("");
    });
  });

  describe("when the document is a 16-bit multi-page TIFF", () => {
    it("reads every page", async () => {
      const first = await drawPage(7, 4);
      const second = await drawPage(8, 4);
      const file = path.join(scratchDir, "two-pages-16bit.tiff");
      await writeFile(file, await encodeTiff16([first.page, second.page]));
      const result = await runOcr({ filePath: file, mimeType: "image/tiff", languages: ["eng"], engine });
      expect(result.pageCount).toBe(2);
      expect(characterErrorRate(first.lines.join("\n"), result.pages[0]!.text)).toBeLessThan(MAX_CER);
      expect(characterErrorRate(second.lines.join("\n"), result.pages[1]!.text)).toBeLessThan(MAX_CER);
    });
  });
});
