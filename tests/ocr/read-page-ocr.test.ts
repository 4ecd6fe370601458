import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareImage } from "../../apps/worker/src/ocr/preprocess/prepare-image.ts";
import { readPageOcr, readTsvWords } from "../../apps/worker/src/ocr/engine/read-page-ocr.ts";
import { workerStarter } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { fixturePath } from "./ocr-fixtures.ts";

describe("readTsvWords", () => {
  it("keeps the word rows (level 5) with their boxes as corners, unrounded confidences and tabs in text", () => {
    const tsv = [
      "1\t1\t0\t0\t0\t0\t0\t0\t2480\t925\t-1\t",
      "4\t1\t1\t1\t1\t0\t200\t212\t1145\t48\t-1\t",
      "5\t1\t1\t1\t1\t1\t200\t212\t91\t38\t95.962059\tThe",
      "5\t1\t1\t1\t1\t2\t313\t212\t130\t48\t0\ta\tb",
      "5\t1\t1\t1\t1\t3\t1\t2\t3",
      "",
    ].join("\n");
    expect(readTsvWords(tsv)).toEqual([
      { text: "The", confidence: 95.962059, bbox: { x0: 200, y0: 212, x1: 291, y1: 250 }, block: 1, paragraph: 1, line: 1 },
      { text: "a\tb", confidence: 0, bbox: { x0: 313, y0: 212, x1: 443, y1: 260 }, block: 1, paragraph: 1, line: 1 },
    ]);
  });

  it("numbers paragraphs and lines across the page, in reading order", () => {
    const word = (block: number, paragraph: number, line: number, text: string) =>
      ["5", "1", block, paragraph, line, "1", "0", "0", "10", "10", "90", text].join("\t");
    const tsv = [word(1, 1, 1, "a"), word(1, 1, 2, "b"), word(1, 2, 1, "c"), word(2, 1, 1, "d"), word(2, 1, 1, "e")].join("\n");
    expect(readTsvWords(tsv).map(({ text, block, paragraph, line }) => [text, block, paragraph, line])).toEqual([
      ["a", 1, 1, 1],
      ["b", 1, 1, 2],
      ["c", 1, 2, 3],
      ["d", 2, 3, 4],
      ["e", 2, 3, 4],
    ]);
  });

  it("reads no word from an empty output", () => {
    expect(readTsvWords("")).toEqual([]);
  });
});

// tesseract.js is the worker's dependency, not the root's: its types come through ours.
type TesseractWorker = Awaited<ReturnType<ReturnType<typeof workerStarter>>>;

describe("readPageOcr on a real page", { timeout: 60_000 }, () => {
  let worker: TesseractWorker;
  beforeAll(async () => {
    worker = await workerStarter(["eng"])();
  });
  afterAll(async () => {
    await worker?.terminate();
  });

  it("finds the same words, boxes and (truncated) confidences in the TSV as in tesseract.js's blocks tree", async () => {
    const { image } = await prepareImage(await readFile(fixturePath("page-eng.png")));
    const { data } = await worker.recognize(image, {}, { text: true, tsv: true, blocks: true, hocr: true });
    const fromBlocks = (data.blocks ?? []).flatMap((block) =>
      block.paragraphs.flatMap((paragraph) => paragraph.lines.flatMap((line) => line.words)),
    );
    const page = readPageOcr(data);
    expect(page.words.length).toBeGreaterThan(40);
    expect(page.words.map((word) => [word.text, word.bbox])).toEqual(
      fromBlocks.map((word) => [word.text, { x0: word.bbox.x0, y0: word.bbox.y0, x1: word.bbox.x1, y1: word.bbox.y1 }]),
    );
    expect(page.words.map((word) => Math.trunc(word.confidence))).toEqual(fromBlocks.map((word) => Math.trunc(word.confidence)));
    expect(page.text).toContain("The quick brown fox");
  });
});
