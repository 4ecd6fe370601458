import type { FileReader } from "./file-reader.ts";

const EOI = Buffer.from([0xff, 0xd9]);
const SOS = 0xda;
// Markers that stand alone, with no length after them: TEM and RST0-7.
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
// Start-of-frame markers, which carry the image's size (C4, C8 and CC are other tables).
const isFrameHeader = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);

/**
 * Walks a JPEG's segments up to its first scan, however large its metadata:
 * the size from its frame header, and whether an end-of-image marker follows
 * the scan (entropy-coded data never holds FF D9, so a cut file has none).
 */
export async function walkJpeg(file: FileReader): Promise<{ width?: number; height?: number; complete: boolean }> {
  let at = 2;
  let size: { width?: number; height?: number } = {};
  for (;;) {
    const head = await file.read(at, 9);
    if (head.length < 2 || head[0] !== 0xff) return { ...size, complete: false };
    const marker = head[1]!;
    if (marker === 0xff) at += 1;
    else if (isStandalone(marker)) at += 2;
    else if (marker === SOS) return { ...size, complete: (await file.lastIndexOf(EOI, at)) >= 0 };
    else if (head.length < 4) return { ...size, complete: false };
    else {
      if (isFrameHeader(marker) && head.length === 9 && size.width === undefined) {
        size = { height: head.readUInt16BE(5), width: head.readUInt16BE(7) };
      }
      at += 2 + head.readUInt16BE(2);
    }
  }
}
