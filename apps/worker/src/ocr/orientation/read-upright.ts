import sharp from "sharp";
import { isBmp } from "../pages/read-bmp-header.ts";
import type { OcrEngine, PageOcr, PreparedImage, Rotation } from "../types.ts";

/**
 * Below this mean word confidence a read is doubtful: upright print reads at
 * 80-95, a page on its side or upside down at 20-60 (the LSTM still "reads" it).
 */
export const DOUBTFUL_CONFIDENCE = 70;
// OSD's classifier needs letters of ~10 pixels and more: half an A4 page at 300 dpi keeps them, at a third of the cost.
const OSD_SAMPLE_MAX_SIDE = 1800;

export type UprightRead = { ocr: PageOcr; prepared: PreparedImage; rotation: Rotation };

/**
 * Reads a page, and when the read is doubtful asks the engine which way is up;
 * a page OSD says is turned is prepared again upright by `turn` (from the
 * original: its skew is only measurable once its lines run across) and read again, and the better
 * read (by mean confidence) is kept. An upright page pays nothing more unless
 * its read is doubtful, and then one OSD pass on a smaller copy.
 */
export async function readUpright(
  engine: Pick<OcrEngine, "detectOrientation">,
  prepared: PreparedImage,
  read: (image: Buffer) => Promise<PageOcr>,
  turn: (rotation: Rotation) => Promise<PreparedImage>,
): Promise<UprightRead> {
  const ocr = await read(prepared.image);
  // BMP reaches the engine undecoded (see prepare-image.ts): nothing here can turn it.
  if (!engine.detectOrientation || isBmp(prepared.image) || !isDoubtful(ocr)) return { ocr, prepared, rotation: 0 };
  const { rotation } = await engine.detectOrientation(await osdSample(prepared));
  if (rotation === 0) return { ocr, prepared, rotation: 0 };
  const turned = await turn(rotation);
  const turnedOcr = await read(turned.image);
  return turnedOcr.confidence > ocr.confidence ? { ocr: turnedOcr, prepared: turned, rotation } : { ocr, prepared, rotation: 0 };
}

export function isDoubtful(ocr: Pick<PageOcr, "confidence" | "words">): boolean {
  return ocr.words.length === 0 || ocr.confidence < DOUBTFUL_CONFIDENCE;
}

async function osdSample(prepared: PreparedImage): Promise<Buffer> {
  const factor = OSD_SAMPLE_MAX_SIDE / Math.max(prepared.width, prepared.height);
  if (factor >= 1) return prepared.image;
  return sharp(prepared.image)
    .resize(Math.round(prepared.width * factor), null, { kernel: "linear" })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
