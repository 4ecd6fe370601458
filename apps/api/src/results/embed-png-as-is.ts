import { type PDFDocument, PDFHexString, PDFName, type PDFRef } from "pdf-lib";

export type EmbeddedRaster = { ref: PDFRef; width: number; height: number };

// PNG colour types a PDF image reads as they are: grey, RGB, palette (no alpha channel).
const COLOURS: Record<number, number> = { 0: 1, 2: 3, 3: 1 };

/**
 * A PNG as a PDF image without decoding it: its IDAT data is already a Flate
 * stream with PNG predictors, which PDF readers undo themselves (/Predictor 15).
 * Undefined for what that cannot carry (alpha, transparency, interlacing): then
 * pdf-lib's embedPng decodes and re-encodes it.
 */
export function embedPngAsIs(pdf: PDFDocument, png: Uint8Array): EmbeddedRaster | undefined {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const chunks = readChunks(bytes);
  const header = chunks.find((chunk) => chunk.type === "IHDR")?.data;
  if (!header || header.length < 13 || chunks.some((chunk) => chunk.type === "tRNS")) return undefined;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [bitDepth, colourType, , , interlace] = header.subarray(8, 13);
  const colours = COLOURS[colourType!];
  if (colours === undefined || interlace !== 0) return undefined;
  let colorSpace: unknown = colours === 3 ? "DeviceRGB" : "DeviceGray";
  if (colourType === 3) {
    const palette = chunks.find((chunk) => chunk.type === "PLTE")?.data;
    if (!palette) return undefined;
    colorSpace = [PDFName.of("Indexed"), PDFName.of("DeviceRGB"), palette.length / 3 - 1, PDFHexString.of(palette.toString("hex"))];
  }
  const data = Buffer.concat(chunks.filter((chunk) => chunk.type === "IDAT").map((chunk) => chunk.data));
  const stream = pdf.context.stream(data, {
    Type: "XObject",
    Subtype: "Image",
    Width: width,
    Height: height,
    ColorSpace: colorSpace as never,
    BitsPerComponent: bitDepth!,
    Filter: "FlateDecode",
    DecodeParms: { Predictor: 15, Colors: colours, BitsPerComponent: bitDepth!, Columns: width },
  });
  return { ref: pdf.context.register(stream), width, height };
}

function readChunks(bytes: Buffer): { type: string; data: Buffer }[] {
  const chunks: { type: string; data: Buffer }[] = [];
  if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x89504e47) return chunks;
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    chunks.push({ type, data: bytes.subarray(offset + 8, offset + 8 + length) });
    if (type === "IEND") break;
    offset += 12 + length;
  }
  return chunks;
}
