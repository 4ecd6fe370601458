import { readFile } from "node:fs/promises";
import { deflateSync } from "node:zlib";
import { sharp } from "../../bench/lib/sharp.ts";
import { fixturePath } from "./ocr-fixtures.ts";

/**
 * Files whose headers and structure look right (they pass the API's upload
 * checks: magic bytes, declared size, end markers) but whose content breaks
 * inside a decoder or the OCR engine. Each is built from a good fixture.
 */
export type BadContent = {
  name: string;
  mimeType: string;
  code: "CORRUPT_FILE" | "UNSUPPORTED_CONTENT";
  /** Builds the file's bytes (the tests' names are known before any file is built). */
  make: () => Buffer | Promise<Buffer>;
};

/** Every case, in the order the tests submit them. */
export const BAD_CONTENT: readonly BadContent[] = [
  { name: "corrupt-idat.png", mimeType: "image/png", make: pngWithCorruptIdat, code: "CORRUPT_FILE" },
  { name: "cut-scan.jpg", mimeType: "image/jpeg", make: jpegCutMidScan, code: "CORRUPT_FILE" },
  { name: "bad-strip-offset.tiff", mimeType: "image/tiff", make: () => tiffWithStripsAt((ifd) => ifd), code: "CORRUPT_FILE" },
  { name: "garbage-xref.pdf", mimeType: "application/pdf", make: pdfWithGarbageBody, code: "CORRUPT_FILE" },
  { name: "broken-image.pdf", mimeType: "application/pdf", make: pdfWithBrokenImage, code: "CORRUPT_FILE" },
  { name: "one-pixel.png", mimeType: "image/png", make: () => plainPng(1, 1), code: "UNSUPPORTED_CONTENT" },
  { name: "strip.png", mimeType: "image/png", make: () => plainPng(20_000, 3), code: "UNSUPPORTED_CONTENT" },
  { name: "corrupt-frame.gif", mimeType: "image/gif", make: gifWithCorruptFrame, code: "CORRUPT_FILE" },
];

/**
 * Files cut short: the API refuses these at upload, but a file damaged on disk
 * after it was stored still reaches the worker.
 */
export const CUT_CONTENT: readonly BadContent[] = [
  {
    name: "cut.jpg",
    mimeType: "image/jpeg",
    make: async () => {
      const jpeg = await readFile(fixturePath("page-eng.jpg"));
      return jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    },
    code: "CORRUPT_FILE",
  },
  { name: "strips-past-end.tiff", mimeType: "image/tiff", make: () => tiffWithStripsAt((_, size) => size + 1000), code: "CORRUPT_FILE" },
];

/** A byte pattern no decoder accepts as compressed data. */
function garbage(length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => (i * 151 + 77) & 0xff));
}

/** page-eng.png with the middle of its first IDAT chunk overwritten (IHDR and IEND intact). */
async function pngWithCorruptIdat(): Promise<Buffer> {
  const png = Buffer.from(await readFile(fixturePath("page-eng.png")));
  const idat = png.indexOf("IDAT", 8, "latin1");
  const length = png.readUInt32BE(idat - 4);
  const start = idat + 4 + Math.floor(length / 3);
  garbage(Math.min(512, Math.floor(length / 3))).copy(png, start);
  return png;
}

/** page-eng.jpg cut halfway through its scan, ended with an EOI marker as a careless writer would. */
async function jpegCutMidScan(): Promise<Buffer> {
  const jpeg = await readFile(fixturePath("page-eng.jpg"));
  const scan = jpeg.indexOf(Buffer.from([0xff, 0xda]));
  const cut = scan + Math.floor((jpeg.length - scan) / 2);
  return Buffer.concat([jpeg.subarray(0, cut), Buffer.from([0xff, 0xd9])]);
}

/** three-pages.tiff with the first page's strips moved, e.g. onto its own directory: inside the file, but not LZW data. */
async function tiffWithStripsAt(offsetOf: (ifd: number, fileSize: number) => number): Promise<Buffer> {
  const tiff = Buffer.from(await readFile(fixturePath("three-pages.tiff")));
  const le = tiff.toString("latin1", 0, 2) === "II";
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  for (let entry = 0; entry < u16(ifd); entry += 1) {
    const at = ifd + 2 + entry * 12;
    if (u16(at) !== 273) continue;
    // LONG offsets, stored after the table when there are two or more.
    const count = u32(at + 4);
    const values = count === 1 ? at + 8 : u32(at + 8);
    for (let i = 0; i < count; i += 1) {
      if (le) tiff.writeUInt32LE(offsetOf(ifd, tiff.length), values + i * 4);
      else tiff.writeUInt32BE(offsetOf(ifd, tiff.length), values + i * 4);
    }
    return tiff;
  }
  throw new Error("three-pages.tiff has no StripOffsets tag");
}

/** A PDF header and end marker around bytes that hold no object, xref or trailer. */
function pdfWithGarbageBody(): Buffer {
  return Buffer.concat([Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"), garbage(4000), Buffer.from("\nstartxref\n123\n%%EOF\n")]);
}

/** A well-formed one-page PDF whose only content is an image whose Flate stream is damaged after its first bytes. */
function pdfWithBrokenImage(): Buffer {
  const pixels = Buffer.from(Array.from({ length: 800 * 400 }, (_, i) => (i % 800 < 400 ? 40 : 220)));
  const image = deflateSync(pixels);
  garbage(Math.floor(image.length / 2)).copy(image, 16);
  const content = "q 400 0 0 200 100 500 cm /Im1 Do Q";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
    Buffer.concat([
      Buffer.from(
        `<< /Type /XObject /Subtype /Image /Width 800 /Height 400 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`,
      ),
      image,
      Buffer.from("\nendstream"),
    ]),
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  return writePdf(objects);
}

/** Objects numbered from 1, with a correct xref table and trailer. */
export function writePdf(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((object, i) => {
    offsets.push(length);
    const bytes = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(object), Buffer.from("\nendobj\n")]);
    parts.push(bytes);
    length += bytes.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    "0000000000 65535 f \n",
    ...offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`),
  ];
  parts.push(Buffer.from(`${xref.join("")}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A PNG with a few dark pixels, so it is not taken as a blank page. */
async function plainPng(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height, 255);
  for (let i = 0; i < pixels.length; i += 7) pixels[i] = 0;
  return sharp(pixels, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** A three-frame GIF ("Hi", the same inverted, "Hi") whose second frame's LZW data is garbage; its block structure is intact. */
async function gifWithCorruptFrame(): Promise<Buffer> {
  const frame = await readFile(fixturePath("tiny.gif"));
  // Frames that differ everywhere, so the encoder stores each one whole.
  const inverted = await sharp(frame).negate({ alpha: false }).png().toBuffer();
  const gif = Buffer.from(
    await sharp([frame, inverted, frame], { join: { animated: true } })
      .gif()
      .toBuffer(),
  );
  let seen = 0;
  let at = 13 + (gif[10]! & 0x80 ? 3 * 2 ** ((gif[10]! & 0x07) + 1) : 0);
  while (at < gif.length && gif[at] !== 0x3b) {
    if (gif[at] === 0x21) {
      at += 2;
      while (gif[at]! > 0) at += gif[at]! + 1;
      at += 1;
      continue;
    }
    const flags = gif[at + 9]!;
    at += 10 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0) + 1;
    seen += 1;
    while (gif[at]! > 0) {
      // The frame's sub-blocks keep their lengths; only the LZW codes inside change.
      if (seen === 2) garbage(gif[at]!).copy(gif, at + 1);
      at += gif[at]! + 1;
    }
    at += 1;
  }
  if (seen < 3) throw new Error(`expected a three-frame GIF, found ${seen} frames`);
  return gif;
}
