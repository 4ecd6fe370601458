// Plain JavaScript: the PDF renderer process (pdf-render-child.mjs) runs without tsx.
import { deflateSync } from "node:zlib";
import { pngChunk } from "./png-chunk.mjs";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The canvas's RGBA pixels as an 8-bit greyscale PNG when every pixel is opaque
 * and grey (R = G = B): the same grey sharp makes of it, at a quarter of the bytes
 * to compress and a fraction of the canvas's own PNG encoder's CPU time. Undefined
 * when the page has colour or transparency: those keep the canvas's RGBA PNG.
 * @param {Uint8Array} rgba
 * @param {number} width
 * @param {number} height
 * @returns {Buffer | undefined}
 */
export function encodeGreyPng(rgba, width, height) {
  const rowBytes = width + 1;
  // Each row starts with its filter type, 0 (none): the zeroed byte is left as it is.
  const rows = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y += 1) {
    let from = y * width * 4;
    const to = y * rowBytes + 1;
    for (let x = 0; x < width; x += 1, from += 4) {
      const red = rgba[from];
      if (red !== rgba[from + 1] || red !== rgba[from + 2] || rgba[from + 3] !== 255) return undefined;
      rows[to + x] = red;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 0; // colour type: greyscale
  return Buffer.concat([
    SIGNATURE,
    pngChunk("IHDR", header),
    // Level 1, as sharp's PNGs for the engine: mostly white rows compress well even so.
    pngChunk("IDAT", deflateSync(rows, { level: 1 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
