// Plain JavaScript: the PDF renderer process (pdf-render-child.mjs) runs without tsx.
import { crc32 } from "node:zlib";

/**
 * One PNG chunk: length, type, data and the CRC of type and data.
 * @param {string} type  four letters, e.g. "IDAT"
 * @param {Buffer} data
 * @returns {Buffer}
 */
export function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}
