import sharp from "sharp";
import { describeError, OcrflowError } from "@ocrflow/shared/errors";
import { isBmp, readBmpHeader } from "./read-bmp-header.ts";
import type { PreparedImage } from "./types.ts";

// Below this width a full page is under ~180 dpi: doubling it lifts small text to the x-height the LSTM model expects.
const MIN_WIDTH_FOR_OCR = 1500;
const MAX_UPSCALE = 2;
const MAX_UPSCALED_SIDE = 4000;

/**
 * Turns a page image into what tesseract reads best: upright, on white, grey,
 * contrast-stretched, small pages upscaled, encoded as lossless PNG.
 * The returned width/height are the prepared image's: word boxes refer to them.
 */
export async function prepareImage(input: Buffer): Promise<PreparedImage> {
  // sharp cannot decode BMP; tesseract.js can, so BMP goes through unprocessed.
  if (isBmp(input)) return { image: input, ...readBmpHeader(input) };
  try {
    const metadata = await sharp(input).metadata();
    const { width, height } = metadata.autoOrient;
    const scale = chooseUpscale(width, height);
    let pipeline = sharp(input).autoOrient().flatten({ background: "#ffffff" }).grayscale();
    if (scale > 1) {
      pipeline = pipeline.resize(Math.round(width * scale), Math.round(height * scale), { kernel: "lanczos3" });
    }
    // Black point at the darkest pixel: the default 1st percentile is paper on a sparse page, and
    // stretching paper noise to black turned a 1 s page into 3 minutes of garbage text.
    const { data, info } = await pipeline
      .normalise({ lower: 0, upper: 99 })
      .png({ compressionLevel: 1 })
      .toBuffer({ resolveWithObject: true });
    return { image: data, width: info.width, height: info.height };
  } catch (error) {
    throw new OcrflowError("CORRUPT_FILE", `Image cannot be decoded: ${describeError(error)}`, { cause: error });
  }
}

/** Upscale factor for a page of this size: 1 when it is already large enough. */
export function chooseUpscale(width: number, height: number): number {
  if (width >= MIN_WIDTH_FOR_OCR) return 1;
  const largestAllowed = MAX_UPSCALED_SIDE / Math.max(width, height);
  return Math.max(1, Math.min(MAX_UPSCALE, largestAllowed));
}
