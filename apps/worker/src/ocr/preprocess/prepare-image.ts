import type { Sharp } from "sharp";
import { sharp } from "../../images/load-sharp.ts";
import { describeError, isOcrflowError, OcrflowError } from "@ocrflow/shared/errors";
import { estimateSkew } from "./estimate-skew.ts";
import { countMarks, type GreyImage, greyHistogram, otsuThreshold } from "./find-marks.ts";
import { median3x3 } from "./median-filter.ts";
import { isBmp, readBmpHeader } from "../pages/read-bmp-header.ts";
import type { Corrections, PreparedImage, Rotation } from "../types.ts";

/** `rotation`: degrees to turn the page clockwise first (after its EXIF orientation), as orientation detection found. */
export type PrepareOptions = { rotation?: Rotation };

const TARGET_DPI = 300;
const A4_WIDTH_INCHES = 8.27;
// Below this a page counts as low-resolution and is scaled up towards TARGET_DPI.
const LOW_DPI = 200;
const MAX_UPSCALE = 3;
// Also the longest side a coarse PDF scan is rendered up to (rasterize-pdf.ts).
export const MAX_UPSCALED_SIDE = 4200;
// Width of the copy the skew is measured on: enough for lines of 8 pt text to stay apart.
const SKEW_SAMPLE_WIDTH = 800;
const MIN_SKEW_DEGREES = 0.2;
// A page is "noisy" when it has more specks than this, and more specks than real marks.
const NOISY_MIN_SPECKS = 400;
const MAX_INK_LEVEL = 150;
const NONE: Corrections = { denoised: false, skewDegrees: 0, scale: 1 };
// Thinner than this no line of text fits, and tesseract gives up on the image ("too small to scale").
const MIN_PAGE_SIDE = 10;

/**
 * Turns a page image into what tesseract reads best: upright, on white, 8-bit grey,
 * speckle noise removed, straightened, low-resolution pages scaled to ~300 dpi,
 * contrast-stretched, encoded as lossless PNG. `blank` pages hold no mark larger
 * than a speck and need no OCR. width/height are the prepared image's: word
 * boxes refer to them.
 */
export async function prepareImage(input: Buffer, options: PrepareOptions = {}): Promise<PreparedImage> {
  // sharp cannot decode BMP; tesseract.js can, so BMP goes through unprocessed.
  if (isBmp(input)) {
    const { width, height } = readBmpHeader(input);
    assertReadableSize(width, height);
    return { image: input, width, height, blank: false, corrections: NONE };
  }
  try {
    return await preparePage(input, options.rotation ?? 0);
  } catch (error) {
    if (isOcrflowError(error)) throw error;
    throw new OcrflowError("CORRUPT_FILE", `Image cannot be decoded: ${describeError(error)}`, { cause: error });
  }
}

async function preparePage(input: Buffer, rotation: Rotation): Promise<PreparedImage> {
  const metadata = await sharp(input).metadata();
  // One 8-bit channel, whatever came in (16-bit, RGB, palette, alpha flattened on white).
  let page = await toGrey(sharp(input).autoOrient().rotate(rotation).flatten({ background: "#ffffff" }));
  assertReadableSize(page.width, page.height);
  const dpi = effectiveDpi(metadata.density, page.width, page.height);
  // Capped: on a page without ink, Otsu splits the paper's grain into "ink" and paper.
  const threshold = Math.min(otsuThreshold(page.data), MAX_INK_LEVEL);
  // Up to ~12 pixels at 300 dpi: smaller than any full stop of body text.
  const maxSpeckArea = Math.max(2, Math.round(12 * (dpi / TARGET_DPI) ** 2));
  let { specks, marks } = countMarks(page, threshold, maxSpeckArea);
  const denoised = specks > NOISY_MIN_SPECKS && specks > marks;
  if (denoised) {
    // The LSTM reads specks as letters, line after line. A median filter removes the small
    // ones and the paper's grain; the specks it only shrinks are then erased.
    page = median3x3(page);
    ({ marks } = countMarks(page, threshold, maxSpeckArea, true));
    whitenPaper(page, threshold);
  }
  if (marks === 0) return { ...(await encode(page, dpi)), blank: true, corrections: { ...NONE, denoised } };
  const measured = await measureSkew(page, threshold);
  const skewDegrees = Math.abs(measured) >= MIN_SKEW_DEGREES ? measured : 0;
  if (skewDegrees !== 0) page = await toGrey(fromGrey(page).rotate(-skewDegrees, { background: "#ffffff" }));
  const scale = chooseUpscale(page.width, page.height, dpi);
  return { ...(await encode(page, dpi, scale)), blank: false, corrections: { denoised, skewDegrees, scale } };
}

/** Refuses a page too thin to hold a line of text (a 1x1 tracking pixel, a 20000x3 strip): permanent. */
function assertReadableSize(width: number, height: number): void {
  if (Math.min(width, height) >= MIN_PAGE_SIDE) return;
  throw new OcrflowError(
    "UNSUPPORTED_CONTENT",
    `The page is ${width} x ${height} pixels: too small to hold a line of text (at least ${MIN_PAGE_SIDE} pixels each way)`,
  );
}

/** Paper to pure white, so the contrast stretch cannot blow the paper's grain up into letters. */
function whitenPaper(page: GreyImage, threshold: number): void {
  const { data } = page;
  for (let i = 0; i < data.length; i += 1) if (data[i]! >= threshold) data[i] = 255;
}

async function toGrey(pipeline: Sharp): Promise<GreyImage> {
  // Without b-w, sharp hands raw single-channel input back as three-channel sRGB.
  const { data, info } = await pipeline.toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function fromGrey(image: GreyImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

/** PNG with the page's resolution recorded: tesseract sizes its noise and line filters by it. */
async function encode(page: GreyImage, dpi: number, scale = 1): Promise<Pick<PreparedImage, "image" | "width" | "height">> {
  stretchContrast(page);
  let pipeline = fromGrey(page);
  if (scale > 1) pipeline = pipeline.resize(Math.round(page.width * scale), null, { kernel: "lanczos3" });
  const { data, info } = await pipeline
    .toColourspace("b-w")
    .withDensity(Math.max(1, Math.round(dpi * scale)))
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return { image: data, width: info.width, height: info.height };
}

/**
 * Darkest pixel to black, the 99th percentile to white. Black point at the darkest
 * pixel: the usual 1st percentile is paper on a sparse page, and stretching paper
 * noise to black turned a 1 s page into 3 minutes of garbage text. (sharp's
 * normalise does the same at 25 times the cost on a full page.)
 */
function stretchContrast(page: GreyImage): void {
  const { data } = page;
  const histogram = greyHistogram(data);
  let low = 0;
  while (low < 255 && histogram[low] === 0) low += 1;
  let high = 255;
  for (let seen = 0; high > low && seen + histogram[high]! <= data.length * 0.01; high -= 1) seen += histogram[high]!;
  // Already from black to white (most clean scans): the table would change nothing.
  if (high <= low || (low === 0 && high === 255)) return;
  const table = new Uint8Array(256);
  for (let level = 0; level < 256; level += 1) table[level] = Math.max(0, Math.min(255, Math.round(((level - low) * 255) / (high - low))));
  for (let i = 0; i < data.length; i += 1) data[i] = table[data[i]!]!;
}

async function measureSkew(page: GreyImage, threshold: number): Promise<number> {
  const factor = Math.min(1, SKEW_SAMPLE_WIDTH / page.width);
  const width = Math.max(1, Math.round(page.width * factor));
  const height = Math.max(1, Math.round(page.height * factor));
  const small = await toGrey(fromGrey(page).resize(width, height, { kernel: "linear" }));
  return estimateSkew(small, threshold);
}

/** The page's resolution: as recorded when plausible, else guessed from an A4/Letter width. */
export function effectiveDpi(density: number | undefined, width: number, height: number): number {
  if (density && density >= 50 && density <= 1200 && density !== 72) return density;
  return Math.min(width, height) / A4_WIDTH_INCHES;
}

/** Upscale factor for a page: towards 300 dpi when below LOW_DPI, 1 otherwise. */
export function chooseUpscale(width: number, height: number, dpi: number): number {
  if (dpi >= LOW_DPI) return 1;
  const largestAllowed = MAX_UPSCALED_SIDE / Math.max(width, height);
  return Math.max(1, Math.min(TARGET_DPI / dpi, MAX_UPSCALE, largestAllowed));
}
