import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import type { OcrMode } from "../../packages/shared/src/validators/job-options.ts";
import { type MapPage, renderMap } from "../../bench/corpus/render-map.ts";
import { normaliseWhitespace } from "../support/text-error-rate.ts";

let engine: OcrEngine;
let scratchDir: string;
let map: MapPage;
let mapPath: string;

beforeAll(async () => {
  engine = createOcrEngine({ concurrency: 1 });
  scratchDir = await mkdtemp(path.join(tmpdir(), "ocrflow-modes-"));
  map = await renderMap(1);
  mapPath = path.join(scratchDir, "map.png");
  await writeFile(mapPath, map.png);
});

afterAll(async () => {
  await engine?.terminate();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

const readMap = (mode: OcrMode) => runOcr({ filePath: mapPath, mimeType: "image/png", languages: ["eng"], engine, mode });

describe("OCR modes on a map (roads, river, grid, hatching, 12 place names)", { timeout: 120_000 }, () => {
  it("figure mode returns the labels, each with its box, and not the line art", async () => {
    const result = await readMap("figure");
    const labelWords = map.labels.flatMap((label) => label.split(" "));
    const readWords = new Set(result.pages[0]!.words.map((word) => word.text.replace(/[^\p{L}\p{N}]/gu, "")));
    const found = labelWords.filter((word) => readWords.has(word));
    expect(found.length).toBeGreaterThanOrEqual(Math.ceil(labelWords.length * 0.8));
    // Labels only: at most a fifth more characters than the map holds.
    expect(normaliseWhitespace(result.text).length).toBeLessThanOrEqual(normaliseWhitespace(map.labels.join(" ")).length * 1.2);
    for (const word of result.pages[0]!.words) expect(word.bbox.x1).toBeGreaterThan(word.bbox.x0);
  });

  it("general mode reads sparse text anywhere: the labels are found", async () => {
    const result = await readMap("general");
    const text = result.text;
    const found = map.labels.filter((label) => label.split(" ").every((word) => text.includes(word)));
    expect(found.length).toBeGreaterThanOrEqual(9);
  });
});
