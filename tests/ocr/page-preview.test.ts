import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { PREVIEW_MAX_SIDE } from "../../apps/worker/src/ocr/preprocess/page-preview.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { sharp } from "../../bench/lib/sharp.ts";
import { fixturePath } from "./ocr-fixtures.ts";

/** The share of a region of a grey image darker than half. */
async function inkShare(image: Buffer, region: { left: number; top: number; width: number; height: number }): Promise<number> {
  const { data } = await sharp(image).extract(region).greyscale().raw().toBuffer({ resolveWithObject: true });
  return data.filter((value) => value < 128).length / data.length;
}

describe("page previews", () => {
  let engine: OcrEngine;

  beforeAll(() => {
    engine = createOcrEngine({ concurrency: 1 });
  });
  afterAll(async () => engine?.terminate());

  it("are the read page as WebP, scaled to fit PREVIEW_MAX_SIDE, with ink under each word's scaled box", async () => {
    const result = await runOcr({
      filePath: fixturePath("page-eng.png"),
      mimeType: "image/png",
      languages: ["eng"],
      engine,
      pagePreviews: true,
    });
    const [page] = result.pages;
    const meta = await sharp(page!.preview!).metadata();
    expect(meta.format).toBe("webp");
    const scale = Math.min(1, PREVIEW_MAX_SIDE / Math.max(page!.width, page!.height));
    expect(meta.width).toBe(Math.round(page!.width * scale));
    expect(meta.height).toBe(Math.round(page!.height * scale));
    const word = page!.words.find((candidate) => candidate.text === "quick")!;
    const region = {
      left: Math.round(word.bbox.x0 * scale),
      top: Math.round(word.bbox.y0 * scale),
      width: Math.round((word.bbox.x1 - word.bbox.x0) * scale),
      height: Math.round((word.bbox.y1 - word.bbox.y0) * scale),
    };
    expect(await inkShare(page!.preview!, region)).toBeGreaterThan(0.05);
    expect(await inkShare(page!.preview!, { ...region, top: Math.max(0, region.top - 3 * region.height) })).toBeLessThan(0.005);
  });

  it("are left out unless asked for, and for BMP, which goes to OCR undecoded", async () => {
    const plain = await runOcr({ filePath: fixturePath("page-eng.png"), mimeType: "image/png", languages: ["eng"], engine });
    expect(plain.pages[0]!.preview).toBeUndefined();
    const bmp = await runOcr({ filePath: fixturePath("tiny.bmp"), mimeType: "image/bmp", languages: ["eng"], engine, pagePreviews: true });
    expect(bmp.pages[0]!.preview).toBeUndefined();
  });
});
