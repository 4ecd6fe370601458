import { constants, crc32, deflateRawSync, deflateSync } from "node:zlib";

/** A seeded PRNG (mulberry32): the same "random" bytes on every run. */
export function randomBytesFrom(seed: number, length: number): Buffer {
  let state = seed >>> 0;
  const bytes = Buffer.alloc(length);
  for (let index = 0; index < length; index += 1) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    bytes[index] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

const u16le = (value: number) => Buffer.from([value & 0xff, (value >> 8) & 0xff]);
const u32le = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
};
const u32be = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  return Buffer.concat([u32be(data.length), typed, u32be(crc32(typed))]);
}

/** A greyscale 8-bit PNG of the given size whose IDAT holds `rawBytes` (zlib stream). */
export function png(width: number, height: number, idat: Buffer): Buffer {
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 0, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from("89504e470d0a1a0a", "hex"),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", idat),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A 1x1 grey PNG. */
export const tinyPng = () => png(1, 1, deflateSync(Buffer.from([0, 128])));

/**
 * A zlib stream inflating to `length` zero bytes without ever holding them:
 * the compressed form of one block of zeros, repeated (each flushed so it
 * stands alone), a last block, and the Adler-32 of all those zeros.
 */
export function zlibZeros(length: number): Buffer {
  const blockBytes = 8 * 1024 * 1024;
  const block = deflateRawSync(Buffer.alloc(blockBytes), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(length % blockBytes), { level: 9 });
  // Adler-32 of n zero bytes: a stays 1, b adds 1 per byte.
  const adler = u32be((((length % 65521) << 16) | 1) >>> 0);
  const blocks = Array.from({ length: Math.floor(length / blockBytes) }, () => block);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...blocks, last, adler]);
}

/** A decompression bomb: a small PNG standing for width x height grey pixels, all of them zero. */
export function bombPng(width: number, height: number): Buffer {
  return png(width, height, zlibZeros(height * (width + 1)));
}

/** A complete GIF whose screen is width x height, with `frames` 1x1 frames. */
export function gif(width: number, height: number, frames = 1): Buffer {
  const frame = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0]);
  return Buffer.concat([
    Buffer.from("GIF89a", "latin1"),
    u16le(width),
    u16le(height),
    Buffer.from([0, 0, 0]),
    ...Array.from({ length: frames }, () => frame),
    Buffer.from([0x3b]),
  ]);
}

/** A BMP header declaring width x height 24-bit pixels, followed by a few bytes only. */
export function bmpHeader(width: number, height: number): Buffer {
  const info = Buffer.concat([u32le(40), u32le(width), u32le(height), u16le(1), u16le(24), u32le(0), u32le(0), Buffer.alloc(16)]);
  return Buffer.concat([Buffer.from("BM", "latin1"), u32le(54 + 16), u32le(0), u32le(54), info, Buffer.alloc(16)]);
}

/** A little-endian TIFF with one IFD per page size (8-bit grey, one strip of width bytes). */
export function tiff(pages: { width: number; height: number }[]): Buffer {
  const entryCount = 8;
  const ifdBytes = 2 + entryCount * 12 + 4;
  const parts: Buffer[] = [Buffer.from("II*\0", "latin1"), u32le(8)];
  let offset = 8;
  pages.forEach(({ width, height }, index) => {
    const dataOffset = offset + ifdBytes;
    const dataBytes = Math.min(width, 64);
    const next = index === pages.length - 1 ? 0 : dataOffset + dataBytes;
    const entry = (tag: number, type: number, value: number) => Buffer.concat([u16le(tag), u16le(type), u32le(1), u32le(value)]);
    parts.push(
      u16le(entryCount),
      entry(256, 4, width),
      entry(257, 4, height),
      entry(258, 3, 8),
      entry(259, 3, 1),
      entry(262, 3, 1),
      entry(273, 4, dataOffset),
      entry(278, 4, height),
      entry(279, 4, dataBytes),
      u32le(next),
      Buffer.alloc(dataBytes),
    );
    offset = next;
  });
  return Buffer.concat(parts);
}

/**
 * A JPEG start: SOI, a JFIF header, `metadataBytes` of APP1 segments (as a
 * camera's metadata), a baseline frame header declaring width x height, then
 * an end marker.
 */
export function jpegHeader(width: number, height: number, metadataBytes = 0): Buffer {
  const jfif = Buffer.concat([Buffer.from([0xff, 0xe0, 0, 16]), Buffer.from("JFIF\0", "latin1"), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0])]);
  const segments = Array.from({ length: Math.ceil(metadataBytes / 65_533) }, () =>
    Buffer.concat([Buffer.from([0xff, 0xe1, 0xff, 0xff]), Buffer.alloc(65_533)]),
  );
  const sof = Buffer.from([0xff, 0xc0, 0, 11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, ...segments, sof, Buffer.from([0xff, 0xd9])]);
}

/** A WebP with only a VP8X header declaring a width x height canvas. */
export function webpHeader(width: number, height: number): Buffer {
  const size = (value: number) => Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]);
  const vp8x = Buffer.concat([Buffer.from("VP8X", "latin1"), u32le(10), Buffer.alloc(4), size(width - 1), size(height - 1)]);
  return Buffer.concat([Buffer.from("RIFF", "latin1"), u32le(4 + vp8x.length), Buffer.from("WEBP", "latin1"), vp8x]);
}

/** A valid PDF of `pageCount` empty pages, one flat page tree, classic xref table. */
export function manyPagePdf(pageCount: number): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Count ${pageCount} /Kids [${Array.from({ length: pageCount }, (_, index) => `${index + 3} 0 R`).join(" ")}] >>`,
    ...Array.from({ length: pageCount }, () => "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"),
  ];
  let text = "%PDF-1.4\n";
  const offsets = objects.map((object, index) => {
    const offset = Buffer.byteLength(text, "latin1");
    text += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xrefOffset = Buffer.byteLength(text, "latin1");
  const rows = offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(text, "latin1");
}

/** A minimal ELF header (x86-64), as an executable renamed .png would start. */
export const elfHeader = () => Buffer.concat([Buffer.from("7f454c46020101", "hex"), Buffer.alloc(57)]);

/** A ZIP holding nothing (its end-of-directory record), preceded by a local header. */
export const zipBytes = () =>
  Buffer.concat([Buffer.from("504b0304", "hex"), Buffer.alloc(26), Buffer.from("504b0506", "hex"), Buffer.alloc(18)]);
