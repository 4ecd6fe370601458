import { type FileHandle, open } from "node:fs/promises";

const WINDOW_BYTES = 64 * 1024;

/**
 * Positional reads of one file, for checks that look at a few places of an
 * upload (a header, a table, the end) without reading all of it. Sequential
 * one-byte reads are served from a cached window.
 */
export class FileReader {
  private window: { start: number; bytes: Buffer } = { start: 0, bytes: Buffer.alloc(0) };

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  static async open(filePath: string): Promise<FileReader> {
    const handle = await open(filePath, "r");
    try {
      return new FileReader(handle, (await handle.stat()).size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Up to `length` bytes at `offset`; fewer at the end of the file, none past it. */
  async read(offset: number, length: number): Promise<Buffer> {
    const start = Math.max(0, Math.min(offset, this.size));
    const bytes = Buffer.alloc(Math.max(0, Math.min(length, this.size - start)));
    if (bytes.length > 0) await this.handle.read(bytes, 0, bytes.length, start);
    return bytes;
  }

  /** The byte at `offset`, or undefined past the end. */
  async byteAt(offset: number): Promise<number | undefined> {
    const { start, bytes } = this.window;
    if (offset < start || offset >= start + bytes.length) {
      if (offset >= this.size || offset < 0) return undefined;
      this.window = { start: offset, bytes: await this.read(offset, WINDOW_BYTES) };
    }
    return this.window.bytes[offset - this.window.start];
  }

  /**
   * The offset of the last occurrence of `pattern` at or after `from`,
   * searching backwards from the end one window at a time (so a match near
   * the end, the usual case, costs one read), or -1.
   */
  async lastIndexOf(pattern: Buffer, from = 0): Promise<number> {
    let end = this.size;
    while (end - from >= pattern.length) {
      const start = Math.max(from, end - WINDOW_BYTES);
      const found = (await this.read(start, end - start)).lastIndexOf(pattern);
      if (found >= 0) return start + found;
      if (start === from) return -1;
      end = start + pattern.length - 1;
    }
    return -1;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Runs `check` on the opened file and always closes it. */
export async function withFileReader<T>(filePath: string, check: (file: FileReader) => Promise<T>): Promise<T> {
  const file = await FileReader.open(filePath);
  try {
    return await check(file);
  } finally {
    await file.close();
  }
}
