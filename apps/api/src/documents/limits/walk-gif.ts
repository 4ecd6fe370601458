import type { FileReader } from "./file-reader.ts";

const TRAILER = 0x3b;
const EXTENSION = 0x21;
const IMAGE = 0x2c;

/**
 * Walks a GIF's blocks (no LZW decoding): its frame count, and whether it
 * reaches the trailer byte. A cut upload ends inside a block; bytes after the
 * trailer are ignored, as decoders do.
 */
export async function walkGif(file: FileReader): Promise<{ frames: number; complete: boolean }> {
  let frames = 0;
  const screenFlags = await file.byteAt(10);
  if (screenFlags === undefined) return { frames, complete: false };
  let at = 13 + colorTableBytes(screenFlags);
  for (;;) {
    const block = await file.byteAt(at);
    if (block === TRAILER) return { frames, complete: true };
    if (block === EXTENSION) {
      at = await skipSubBlocks(file, at + 2);
    } else if (block === IMAGE) {
      const imageFlags = await file.byteAt(at + 9);
      if (imageFlags === undefined) return { frames, complete: false };
      frames += 1;
      // Descriptor, local colour table, then the LZW minimum code size byte.
      at = await skipSubBlocks(file, at + 10 + colorTableBytes(imageFlags) + 1);
    } else {
      // The end of the file, or a byte no GIF block starts with.
      return { frames, complete: false };
    }
    if (at < 0) return { frames, complete: false };
  }
}

function colorTableBytes(flags: number): number {
  return flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0;
}

/** The offset after a chain of data sub-blocks, or -1 when the file ends inside it. */
async function skipSubBlocks(file: FileReader, start: number): Promise<number> {
  let at = start;
  for (;;) {
    const length = await file.byteAt(at);
    if (length === undefined) return -1;
    at += 1 + length;
    if (length === 0) return at;
  }
}
