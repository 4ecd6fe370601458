import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine } from "../../apps/worker/src/ocr/recognize-text.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { fixturePath } from "./ocr-fixtures.ts";

describe("createOcrEngine", { timeout: 60_000 }, () => {
  let engine: OcrEngine;
  beforeAll(() => {
    engine = createOcrEngine({ concurrency: 2 });
  });
  afterAll(async () => {
    await engine.terminate();
  });

  describe("when two pages are recognised at once", () => {
    it("reads both on the shared pool", async () => {
      const [gif, webp] = await Promise.all([readFile(fixturePath("tiny.gif")), readFile(fixturePath("tiny.webp"))]);
      const results = await Promise.all([engine.recognize(gif, ["eng"]), engine.recognize(webp, ["eng", "eng"])]);
      expect(results.map((result) => result.text.trim())).toEqual(["Hi", "Hi"]);
    });
  });

  describe("when the bytes are not an image tesseract can read", () => {
    it("rejects with CORRUPT_FILE", async () => {
      await expect(engine.recognize(Buffer.from("not an image"), ["eng"])).rejects.toMatchObject({
        name: "OcrflowError",
        code: "CORRUPT_FILE",
      });
    });
  });

  describe("when the engine has been terminated", () => {
    it("refuses new pages", async () => {
      const stopped = createOcrEngine({ concurrency: 1 });
      await stopped.terminate();
      await expect(stopped.recognize(Buffer.alloc(0), ["eng"])).rejects.toThrow(/terminated/);
    });
  });

  it("rejects a concurrency below 1", () => {
    expect(() => createOcrEngine({ concurrency: 0 })).toThrow(RangeError);
  });
});
