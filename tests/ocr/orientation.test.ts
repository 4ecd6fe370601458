import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { OcrEngine, OcrResult } from "../../apps/worker/src/ocr/types.ts";
import { randomLines, seededRandom } from "../../bench/corpus/random-text.ts";
import { sharp } from "../../bench/lib/sharp.ts";
import { encodePng, renderPage } from "../../bench/corpus/render-page.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";

// A generated A4 page at 300 dpi, as scanned upright and turned each way.
let engine: OcrEngine;
let scratchDir: string;
let lines: string[];
let upright: Buffer;
let uprightResult: OcrResult;

async function readPng(name: string, png: Buffer): Promise<OcrResult> {
  const filePath = path.join(scratchDir, name);
  await writeFile(filePath, png);
  return runOcr({ filePath, mimeType: "image/png", languages: ["eng"], engine });
}

beforeAll(async () => {
  engine = createOcrEngine({ concurrency: 1 });
  scratchDir = await mkdtemp(path.join(tmpdir(), "ocrflow-orientation-"));
  lines = randomLines(seededRandom(13), 8);
  upright = await encodePng(await renderPage(lines, "DejaVu Serif"));
  uprightResult = await readPng("upright.png", upright);
}, 120_000);

afterAll(async () => {
  await engine?.terminate();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

describe("page orientation", { timeout: 120_000 }, () => {
  it("reads an upright page as it is, with rotation 0", () => {
    expect(uprightResult.pages[0]!.rotation).toBe(0);
    expect(characterErrorRate(lines.join("\n"), uprightResult.text)).toBeLessThan(0.02);
  });

  // sharp turns clockwise; the page then needs the rest of the full turn.
  for (const [scanned, rotation] of [
    [90, 270],
    [180, 180],
    [270, 90],
  ] as const) {
    it(`turns a page scanned ${scanned} degrees clockwise upright and reads it as well as upright`, async () => {
      const result = await readPng(`turned-${scanned}.png`, await sharp(upright).rotate(scanned).png().toBuffer());
      const [page] = result.pages;
      expect(page!.rotation).toBe(rotation);
      // Word boxes are of the upright page: as wide and as high as the upright read.
      expect({ width: page!.width, height: page!.height }).toEqual({
        width: uprightResult.pages[0]!.width,
        height: uprightResult.pages[0]!.height,
      });
      const uprightCer = characterErrorRate(lines.join("\n"), uprightResult.text);
      expect(characterErrorRate(lines.join("\n"), result.text)).toBeLessThanOrEqual(uprightCer + 0.01);
      const firstWord = page!.words[0]!;
      expect(firstWord.bbox.y0).toBeLessThan(page!.height / 4);
      expect(firstWord.bbox.x0).toBeLessThan(page!.width / 4);
    });
  }
});
