import { OcrflowError } from "@ocrflow/shared/errors";
import { imageSize } from "image-size";

/** One page's image as it goes into the PDF: `clockwise` turns it upright (EXIF orientation). */
export type PageImage = { kind: "jpeg" | "png"; bytes: Uint8Array; dpi: number; clockwise: number };

// Resolution assumed when the file does not give one: a scanner's usual.
const DEFAULT_DPI = 300;
// EXIF orientations that are turns (the mirrored ones, 2, 4, 5 and 7, are redrawn by sharp).
const TURNS: Record<number, number> = { 1: 0, 3: 180, 6: 90, 8: 270 };

/**
 * The pages of an image file, ready for pdf-lib: a JPEG as it is (DCT
 * pass-through), a PNG as it is; other formats (TIFF, GIF, WebP) and mirrored
 * JPEGs converted to lossless PNG with sharp, loaded only then (the API does
 * not load it otherwise). The file's content decides, as in the worker.
 */
export async function readPageImages(file: Uint8Array, mimeType: string, pageCount: number): Promise<PageImage[]> {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (isJpeg(bytes)) {
    const clockwise = TURNS[imageSize(bytes).orientation ?? 1];
    if (clockwise !== undefined) return [{ kind: "jpeg", bytes, dpi: jfifDpi(bytes) ?? DEFAULT_DPI, clockwise }];
  } else if (isPng(bytes)) {
    return [{ kind: "png", bytes, dpi: pngDpi(bytes) ?? DEFAULT_DPI, clockwise: 0 }];
  } else if (bytes[0] === 0x42 && bytes[1] === 0x4d) {
    throw new OcrflowError("UNSUPPORTED_CONTENT", "No searchable PDF is made of a BMP file; convert it to PNG");
  }
  return convertWithSharp(bytes, mimeType, Math.max(1, pageCount));
}

async function convertWithSharp(bytes: Buffer, mimeType: string, pageCount: number): Promise<PageImage[]> {
  const { default: sharp } = await import("sharp");
  const pages: PageImage[] = [];
  for (let page = 0; page < pageCount; page += 1) {
    try {
      const image = sharp(bytes, { page }).autoOrient();
      const { density } = await image.metadata();
      // Flattened on white: a PNG without alpha goes into the PDF as it is (embed-png-as-is.ts).
      const png = await image.flatten({ background: "#ffffff" }).png().toBuffer();
      pages.push({ kind: "png", bytes: png, dpi: density && density >= 50 ? density : DEFAULT_DPI, clockwise: 0 });
    } catch (error) {
      throw new OcrflowError(
        "CORRUPT_FILE",
        `The ${mimeType} image's page ${page + 1} cannot be converted: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return pages;
}

function isJpeg(bytes: Buffer): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function isPng(bytes: Buffer): boolean {
  return bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47;
}

/** The JFIF header's density (APP0 right after SOI), when it gives dots per inch or per cm. */
function jfifDpi(bytes: Buffer): number | undefined {
  if (bytes.length < 18 || bytes.toString("latin1", 6, 11) !== "JFIF\0") return undefined;
  const units = bytes[13];
  const x = bytes.readUInt16BE(14);
  if (x < 50 && units !== 2) return undefined;
  if (units === 1) return x;
  if (units === 2) return Math.round(x * 2.54);
  return undefined;
}

/** The pHYs chunk's density, when it is in pixels per metre. */
function pngDpi(bytes: Buffer): number | undefined {
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    if (type === "pHYs" && length >= 9 && bytes[offset + 16] === 1) {
      const dpi = Math.round(bytes.readUInt32BE(offset + 8) * 0.0254);
      return dpi >= 50 ? dpi : undefined;
    }
    if (type === "IDAT") return undefined;
    offset += 12 + length;
  }
  return undefined;
}
