import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseUpscale, prepareImage } from "../../apps/worker/src/ocr/prepare-image.ts";
import { createOcrEngine } from "../../apps/worker/src/ocr/recognize-text.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";
import { expectedText, fixturePath } from "./ocr-fixtures.ts";

describe("chooseUpscale", () => {
  it("leaves pages of 1500 px and wider alone", () => {
    expect(chooseUpscale(1500, 2000)).toBe(1);
    expect(chooseUpscale(2480, 3508)).toBe(1);
  });

  it("doubles narrow pages", () => {
    expect(chooseUpscale(1200, 1700)).toBe(2);
  });

  it("keeps the longest side within 4000 px", () => {
    expect(chooseUpscale(1000, 3000)).toBeCloseTo(4000 / 3000);
    expect(chooseUpscale(100, 8000)).toBe(1);
  });
});

describe("prepareImage", { timeout: 60_000 }, () => {
  let engine: OcrEngine;
  beforeAll(() => {
    engine = createOcrEngine({ concurrency: 1 });
  });
  afterAll(async () => {
    await engine.terminate();
  });

  describe("when the JPEG carries an EXIF orientation", () => {
    it("turns the page upright, so it reads correctly", async () => {
      const prepared = await prepareImage(await readFile(fixturePath("rotated-exif.jpg")));
      // Stored 475x2480, displayed 2480x475.
      expect([prepared.width, prepared.height]).toEqual([2480, 475]);
      const ocr = await engine.recognize(prepared.image, ["eng"]);
      expect(characterErrorRate(expectedText["rotated-exif.jpg"].join("\n"), ocr.text)).toBeLessThan(0.03);
    });
  });

  describe("when the text is only visible through transparency", () => {
    it("flattens it on white, so it reads correctly", async () => {
      const prepared = await prepareImage(await readFile(fixturePath("transparent.png")));
      const ocr = await engine.recognize(prepared.image, ["eng"]);
      expect(characterErrorRate(expectedText["transparent.png"].join("\n"), ocr.text)).toBeLessThan(0.03);
    });
  });

  describe("when the image is small", () => {
    it("reports the size of the upscaled image the words refer to", async () => {
      const prepared = await prepareImage(await readFile(fixturePath("tiny.gif")));
      expect([prepared.width, prepared.height]).toEqual([128, 64]);
      expect(prepared.image.subarray(1, 4).toString("latin1")).toBe("PNG");
    });
  });

  describe("when the image is a BMP", () => {
    it("passes it through for tesseract.js to decode, with its size", async () => {
      const bmp = await readFile(fixturePath("tiny.bmp"));
      const prepared = await prepareImage(bmp);
      expect(prepared).toEqual({ image: bmp, width: 64, height: 32 });
    });
  });

  describe("when the bytes are not an image", () => {
    it("rejects them with CORRUPT_FILE", async () => {
      await expect(prepareImage(Buffer.from("plain text"))).rejects.toMatchObject({ code: "CORRUPT_FILE" });
    });
  });
});
