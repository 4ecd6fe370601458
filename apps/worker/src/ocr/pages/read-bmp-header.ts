import { OcrflowError } from "@ocrflow/shared/errors";

const FILE_HEADER_BYTES = 14;
const INFO_HEADER_BYTES = 40;
// What bmp-js (tesseract.js's BMP decoder) reads. It reads V4/V5 headers as the 40-byte
// one, which shifts each row by a few pixels: harmless for OCR, so they are accepted.
const SUPPORTED_BITS_PER_PIXEL = new Set([1, 4, 8, 15, 16, 24, 32]);
const MAX_SIDE = 30_000;

export function isBmp(data: Buffer): boolean {
  return data.length >= 2 && data[0] === 0x42 && data[1] === 0x4d;
}

/**
 * Size of a BMP that tesseract.js can decode itself: sharp (libvips) has no BMP
 * loader, so BMP pages go to the engine unprocessed.
 */
export function readBmpHeader(data: Buffer): { width: number; height: number } {
  if (!isBmp(data) || data.length < FILE_HEADER_BYTES + INFO_HEADER_BYTES) {
    throw new OcrflowError("CORRUPT_FILE", "Not a readable BMP file: header missing or truncated");
  }
  const headerSize = data.readUInt32LE(14);
  const width = data.readInt32LE(18);
  const height = Math.abs(data.readInt32LE(22));
  const bitsPerPixel = data.readUInt16LE(28);
  if (width <= 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) {
    throw new OcrflowError("CORRUPT_FILE", `BMP has an impossible size ${width}x${height}`);
  }
  if (headerSize < INFO_HEADER_BYTES || !SUPPORTED_BITS_PER_PIXEL.has(bitsPerPixel)) {
    throw new OcrflowError(
      "UNSUPPORTED_CONTENT",
      `BMP variant not supported (header ${headerSize} bytes, ${bitsPerPixel} bits per pixel); convert it to PNG`,
    );
  }
  const rowBytes = Math.ceil((width * bitsPerPixel) / 32) * 4;
  const pixelOffset = data.readUInt32LE(10);
  if (bitsPerPixel >= 15 && pixelOffset + rowBytes * height > data.length) {
    throw new OcrflowError("CORRUPT_FILE", "BMP pixel data is truncated");
  }
  return { width, height };
}
