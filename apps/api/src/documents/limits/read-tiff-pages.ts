import { OcrflowError } from "@ocrflow/shared/errors";
import type { FileReader } from "./file-reader.ts";
import type { ImagePages, PageSize } from "./page-size.ts";

const TAG = { width: 256, height: 257, stripOffsets: 273, stripByteCounts: 279, tileOffsets: 324, tileByteCounts: 325 };
const TYPE_BYTES: Record<number, number> = { 3: 2, 4: 4, 16: 8 };
// More entries than any real IFD has; past it the table is garbage, not a page.
const MAX_ENTRIES = 1_000;
// Offset tables longer than this are not read back (the extent check skips them).
const MAX_TABLE_VALUES = 100_000;

interface Layout {
  le: boolean;
  big: boolean;
}

const corrupt = (why: string) => new OcrflowError("CORRUPT_FILE", `The TIFF file is damaged: ${why}`);

/**
 * The size of every page (IFD) of a TIFF or BigTIFF file, from its tables
 * alone, following the IFD chain (more than `maxPages` pages is a 422 at once), and whether
 * every strip or tile lies inside the file (a cut upload's do not). Tables
 * that cannot be read at all are a CORRUPT_FILE.
 */
export async function readTiffPages(file: FileReader, maxPages: number): Promise<ImagePages> {
  const header = await file.read(0, 16);
  const le = header.toString("latin1", 0, 2) === "II";
  const big = header.length >= 16 && readUint(header, 2, 2, le) === 43;
  const layout = { le, big };
  let ifdOffset = (big ? readUint(header, 8, 8, le) : readUint(header, 4, 4, le)) ?? 0;
  const pages: PageSize[] = [];
  let complete = true;
  const seen = new Set<number>();
  while (ifdOffset !== 0) {
    if (pages.length === maxPages) {
      throw new OcrflowError("TOO_MANY_PAGES", `The document has more than ${maxPages} pages; the limit is ${maxPages}`);
    }
    if (seen.has(ifdOffset)) throw corrupt("its pages form a loop");
    seen.add(ifdOffset);
    const { page, next, dataInside } = await readIfd(file, ifdOffset, layout);
    pages.push(page);
    complete &&= dataInside;
    ifdOffset = next;
  }
  if (pages.length === 0) throw corrupt("it has no page");
  return { pages, pageCount: pages.length, complete };
}

async function readIfd(file: FileReader, offset: number, { le, big }: Layout) {
  const countBytes = big ? 8 : 2;
  const entryBytes = big ? 20 : 12;
  const count = readUint(await file.read(offset, countBytes), 0, countBytes, le);
  if (count === undefined) throw corrupt("a page table lies past its end");
  if (count === 0 || count > MAX_ENTRIES) throw corrupt(`a page table has ${count} entries`);
  const tableBytes = count * entryBytes + (big ? 8 : 4);
  const table = await file.read(offset + countBytes, tableBytes);
  if (table.length < tableBytes) throw corrupt("a page table lies past its end");

  const values = new Map<number, number[]>();
  for (let entry = 0; entry < count; entry += 1) {
    const at = entry * entryBytes;
    const tag = readUint(table, at, 2, le)!;
    const type = readUint(table, at + 2, 2, le)!;
    const valueCount = readUint(table, at + 4, big ? 8 : 4, le)!;
    const typeBytes = TYPE_BYTES[type];
    if (!Object.values(TAG).includes(tag) || !typeBytes || valueCount > MAX_TABLE_VALUES) continue;
    const inlineBytes = big ? 8 : 4;
    const valueAt = at + (big ? 12 : 8);
    const raw =
      valueCount * typeBytes <= inlineBytes
        ? table.subarray(valueAt, valueAt + valueCount * typeBytes)
        : await file.read(readUint(table, valueAt, inlineBytes, le)!, valueCount * typeBytes);
    if (raw.length < valueCount * typeBytes) throw corrupt("a page table lies past its end");
    values.set(
      tag,
      Array.from({ length: valueCount }, (_, index) => readUint(raw, index * typeBytes, typeBytes, le)!),
    );
  }
  const width = values.get(TAG.width)?.[0] ?? 0;
  const height = values.get(TAG.height)?.[0] ?? 0;
  if (width === 0 || height === 0) throw corrupt("a page has no width or height");
  const dataInside =
    isDataInside(file.size, values.get(TAG.stripOffsets), values.get(TAG.stripByteCounts)) &&
    isDataInside(file.size, values.get(TAG.tileOffsets), values.get(TAG.tileByteCounts));
  const next = readUint(table, count * entryBytes, big ? 8 : 4, le)!;
  return { page: { width, height }, next, dataInside };
}

function isDataInside(size: number, offsets: number[] | undefined, byteCounts: number[] | undefined): boolean {
  if (!offsets || !byteCounts) return true;
  return offsets.every((offset, index) => offset + (byteCounts[index] ?? 0) <= size);
}

/** An unsigned integer of 2, 4 or 8 bytes, or undefined past the buffer's end. */
function readUint(bytes: Buffer, at: number, width: number, le: boolean): number | undefined {
  if (at + width > bytes.length) return undefined;
  if (width === 2) return le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at);
  if (width === 4) return le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
  return Number(le ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at));
}
