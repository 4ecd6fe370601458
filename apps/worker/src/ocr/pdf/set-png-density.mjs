// Plain JavaScript: the PDF renderer process (pdf-render-child.mjs) runs without tsx.
import { pngChunk } from "./png-chunk.mjs";

// The signature and the IHDR chunk (13 bytes of data, 12 of length, type and CRC), which every PNG starts with.
const IHDR_END = 8 + 12 + 13;
const INCHES_PER_METRE = 1 / 0.0254;

/**
 * The PNG with its resolution recorded (a pHYs chunk after IHDR): prepare-image.ts
 * reads it to tell a low-resolution page, which it scales up, from a small one.
 * @param {Uint8Array} png  a PNG without a pHYs chunk, as the renderer's encoders write it
 * @param {number} dpi
 * @returns {Buffer}
 */
export function setPngDensity(png, dpi) {
  const pixelsPerMetre = Math.round(dpi * INCHES_PER_METRE);
  const data = Buffer.alloc(9);
  data.writeUInt32BE(pixelsPerMetre, 0);
  data.writeUInt32BE(pixelsPerMetre, 4);
  data[8] = 1; // unit: the metre
  const chunk = pngChunk("pHYs", data);
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  return Buffer.concat([bytes.subarray(0, IHDR_END), chunk, bytes.subarray(IHDR_END)]);
}
