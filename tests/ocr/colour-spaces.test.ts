import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { prepareImage } from "../../apps/worker/src/ocr/preprocess/prepare-image.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { randomLines, seededRandom } from "../../bench/corpus/random-text.ts";
import { renderPage } from "../../bench/corpus/render-page.ts";
import { sharp } from "../../bench/lib/sharp.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";

// One generated page (A4, 300 dpi) in every form a scanner or an editor writes it.
let engine: OcrEngine;
let lines: string[];
let rgb: Buffer;
let rgbCer: number;

type Form = [name: string, make: (rgbPng: Buffer) => Promise<Buffer>];
const FORMS: Form[] = [
  ["greyscale PNG", (png) => sharp(png).toColourspace("b-w").png().toBuffer()],
  ["palette PNG", (png) => sharp(png).png({ palette: true, colours: 16 }).toBuffer()],
  // Ink as opaque pixels on a fully transparent sheet, as exported from a drawing program.
  ["PNG with alpha", (png) => sharp(png).greyscale().negate().toColourspace("b-w").toBuffer().then(inkAsAlpha)],
  ["16-bit PNG", (png) => sharp(png).toColourspace("rgb16").png().toBuffer()],
  ["16-bit greyscale TIFF", (png) => sharp(png).toColourspace("grey16").tiff({ compression: "lzw" }).toBuffer()],
  ["CMYK JPEG", (png) => sharp(png).toColourspace("cmyk").jpeg({ quality: 90 }).toBuffer()],
  ["CMYK TIFF", (png) => sharp(png).toColourspace("cmyk").tiff({ compression: "lzw" }).toBuffer()],
];

/** Black text whose only shape is in its alpha channel: RGB all black, alpha = ink. */
async function inkAsAlpha(ink: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(ink).raw().toBuffer({ resolveWithObject: true });
  const rgba = Buffer.alloc(info.width * info.height * 4);
  for (let i = 0; i < info.width * info.height; i += 1) rgba[i * 4 + 3] = data[i * info.channels]!;
  return sharp(rgba, { raw: { width: info.width, height: info.height, channels: 4 } })
    .withMetadata({ density: 300 })
    .png()
    .toBuffer();
}

async function readImage(image: Buffer): Promise<number> {
  const prepared = await prepareImage(image);
  const { text } = await engine.recognize(prepared.image, ["eng"]);
  return characterErrorRate(lines.join("\n"), text);
}

beforeAll(async () => {
  engine = createOcrEngine({ concurrency: 1 });
  lines = randomLines(seededRandom(21), 8);
  const page = await renderPage(lines, "DejaVu Sans");
  // Blue-black ink on cream paper: every channel carries the text differently.
  const pixels = Buffer.alloc(page.width * page.height * 3);
  page.data.forEach((level, i) => {
    pixels[i * 3] = 20 + level * 0.85;
    pixels[i * 3 + 1] = 16 + level * 0.85;
    pixels[i * 3 + 2] = 60 + level * 0.75;
  });
  rgb = await sharp(pixels, { raw: { width: page.width, height: page.height, channels: 3 } })
    .withMetadata({ density: 300 })
    .png()
    .toBuffer();
  rgbCer = await readImage(rgb);
}, 120_000);

afterAll(async () => {
  await engine?.terminate();
});

describe("colour spaces", { timeout: 120_000 }, () => {
  it("reads the RGB original", () => {
    expect(rgbCer).toBeLessThan(0.02);
  });

  for (const [name, make] of FORMS) {
    it(`reads the page as a ${name} within 1 point of the RGB original`, async () => {
      const image = await make(rgb);
      expect(await readImage(image)).toBeLessThanOrEqual(rgbCer + 0.01);
    });
  }
});
