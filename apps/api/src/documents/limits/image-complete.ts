import type { SupportedMimeType } from "@ocrflow/shared/constants";
import type { FileReader } from "./file-reader.ts";

const PNG_IEND = Buffer.from("0000000049454e44ae426082", "hex");

/**
 * Whether a PNG, WebP or BMP file holds all the data its structure
 * announces, from a few reads: a cut upload would be accepted, then fail in
 * the worker. Bytes after the end (some cameras add trailers) are allowed.
 */
export async function isImageComplete(file: FileReader, mimeType: SupportedMimeType): Promise<boolean> {
  switch (mimeType) {
    case "image/png":
      return (await file.lastIndexOf(PNG_IEND, 8)) >= 0;
    case "image/webp":
      return isRiffComplete(await file.read(4, 4), file.size);
    case "image/bmp":
      return bmpDataEnd(await file.read(0, 54)) <= file.size;
    default:
      return true;
  }
}

/** A RIFF file (WebP) declares its length after the first four bytes. */
function isRiffComplete(sizeField: Buffer, fileSize: number): boolean {
  return sizeField.length === 4 && sizeField.readUInt32LE(0) + 8 <= fileSize;
}

/** Where a BMP's pixel data ends: rows padded to 4 bytes when uncompressed, else the declared image size. */
function bmpDataEnd(header: Buffer): number {
  if (header.length < 26) return Number.POSITIVE_INFINITY;
  const dataOffset = header.readUInt32LE(10);
  const coreHeader = header.readUInt32LE(14) === 12;
  if (coreHeader) {
    const rowBytes = Math.floor((header.readUInt16LE(24) * header.readUInt16LE(18) + 31) / 32) * 4;
    return dataOffset + rowBytes * header.readUInt16LE(20);
  }
  if (header.length < 38) return Number.POSITIVE_INFINITY;
  const width = Math.abs(header.readInt32LE(18));
  const height = Math.abs(header.readInt32LE(22));
  const bitsPerPixel = header.readUInt16LE(28);
  const compression = header.readUInt32LE(30);
  // BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS: plain rows; RLE, JPEG, PNG: biSizeImage bytes.
  if (![0, 3, 6].includes(compression)) return dataOffset + header.readUInt32LE(34);
  return dataOffset + Math.floor((bitsPerPixel * width + 31) / 32) * 4 * height;
}
