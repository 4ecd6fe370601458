import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseUpscale, effectiveDpi, prepareImage } from "../../apps/worker/src/ocr/preprocess/prepare-image.ts";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";
import { expectedText, fixturePath } from "./ocr-fixtures.ts";

describe("effectiveDpi", () => {
  it("trusts a recorded resolution", () => {
    expect(effectiveDpi(150, 1240, 1754)).toBe(150);
  });

  it("guesses from an A4 width when none (or the 72 dpi placeholder) is recorded", () => {
    expect(effectiveDpi(undefined, 2480, 3508)).toBeCloseTo(300, 0);
    expect(effectiveDpi(72, 1240, 1754)).toBeCloseTo(150, 0);
  });
});

describe("chooseUpscale", () => {
  it("leaves pages of 200 dpi and more alone", () => {
    expect(chooseUpscale(1786, 2526, 216)).toBe(1);
    expect(chooseUpscale(2480, 3508, 300)).toBe(1);
  });

  it("scales low-resolution pages to 300 dpi", () => {
    expect(chooseUpscale(1240, 1754, 150)).toBe(2);
    expect(chooseUpscale(992, 1403, 120)).toBe(2.5);
  });

  it("keeps the longest side within 4200 px and the factor within 3", () => {
    expect(chooseUpscale(1000, 3000, 100)).toBeCloseTo(4200 / 3000);
    expect(chooseUpscale(64, 32, 8)).toBe(3);
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
      expect([prepared.width, prepared.height]).toEqual([192, 96]);
      expect(prepared.image.subarray(1, 4).toString("latin1")).toBe("PNG");
    });
  });

  describe("when the image is a BMP", () => {
    it("passes it through for tesseract.js to decode, with its size", async () => {
      const bmp = await readFile(fixturePath("tiny.bmp"));
      const prepared = await prepareImage(bmp);
      expect(prepared).toMatchObject({ image: bmp, width: 64, height: 32, blank: false });
    });
  });

  describe("when the bytes are not an image", () => {
    it("rejects them with CORRUPT_FILE", async () => {
      await expect(prepareImage(Buffer.from("plain text"))).rejects.toMatchObject({ code: "CORRUPT_FILE" });
    });
  });
});
