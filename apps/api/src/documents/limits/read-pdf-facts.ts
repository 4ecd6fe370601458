import type { FileReader } from "./file-reader.ts";
import { needsUserPassword } from "./pdf-password.ts";
import { pdfFirstArrayString } from "./pdf-strings.ts";

// Acrobat looks for %%EOF in a PDF's last 1024 bytes; a cut upload has none there.
const TAIL_BYTES = 1024;
const WINDOW_BYTES = 64 * 1024;
// 20 bytes an entry: tables of up to about 50,000 objects are read in one go.
const XREF_WINDOW_BYTES = 1024 * 1024;
// Incremental updates each add an xref section; more than this is not "cheap".
const MAX_SECTIONS = 16;

export interface PdfFacts {
  /** false when there is no %%EOF in the last 1024 bytes. */
  complete: boolean;
  /** The /Count of the page tree's root, when the classic xref tables lead to it. */
  pageCount?: number;
  /** The file is encrypted and the empty user password does not open it; undefined when that cannot be told cheaply. */
  needsPassword?: boolean;
}

interface XrefFacts {
  offsets: Map<number, number>;
  root?: number;
  encrypt?: number;
  firstId?: Buffer;
}

/**
 * What a PDF's end and cross-reference tables tell from a few reads, without
 * parsing its objects: whether it ends properly, and its page count, found
 * from the trailer's /Root through the classic xref tables to the page
 * tree's /Count, and whether it needs a password. Files with xref streams (objects packed and compressed) or
 * tables too long for one read leave the count unknown: the worker counts.
 */
export async function readPdfFacts(file: FileReader): Promise<PdfFacts> {
  const tail = (await file.read(file.size - TAIL_BYTES, TAIL_BYTES)).toString("latin1");
  if (!tail.includes("%%EOF")) return { complete: false };
  const startxref = [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1)?.[1];
  const xref = startxref === undefined ? undefined : await readXrefSections(file, Number(startxref));
  if (!xref?.root) return { complete: true };
  const encrypt = xref.encrypt === undefined ? undefined : await readObject(file, xref.offsets, xref.encrypt);
  const needsPassword = encrypt === undefined ? undefined : needsUserPassword(encrypt, xref.firstId);
  const catalog = await readObject(file, xref.offsets, xref.root);
  const pagesNumber = catalog?.match(/\/Pages\s+(\d+)\s+\d+\s+R/)?.[1];
  const pages = pagesNumber === undefined ? undefined : await readObject(file, xref.offsets, Number(pagesNumber));
  // A /Count given as a reference ("/Count 12 0 R") is not read.
  const count = pages?.match(/\/Count\s+(\d+)\b(?!\s+\d+\s+R)/)?.[1];
  return { complete: true, needsPassword, pageCount: count === undefined ? undefined : Number(count) };
}

/** Object offsets from the newest xref section back through /Prev; undefined at anything but a classic table. */
async function readXrefSections(file: FileReader, start: number): Promise<XrefFacts | undefined> {
  const facts: XrefFacts = { offsets: new Map() };
  const seen = new Set<number>();
  let offset: number | undefined = start;
  while (offset !== undefined && !seen.has(offset) && seen.size < MAX_SECTIONS) {
    seen.add(offset);
    const text = (await file.read(offset, XREF_WINDOW_BYTES)).toString("latin1");
    const trailer = readXrefTable(text, facts.offsets);
    if (trailer === undefined) return seen.size === 1 ? undefined : facts;
    facts.root ??= Number(trailer.match(/\/Root\s+(\d+)\s+\d+\s+R/)?.[1]) || undefined;
    facts.encrypt ??= Number(trailer.match(/\/Encrypt\s+(\d+)\s+\d+\s+R/)?.[1]) || undefined;
    facts.firstId ??= pdfFirstArrayString(trailer, "ID");
    const previous = trailer.match(/\/Prev\s+(\d+)/)?.[1];
    offset = previous === undefined ? undefined : Number(previous);
  }
  return facts;
}

/** Adds a table's in-use entries (newer sections came first and win); returns its trailer dictionary's text. */
function readXrefTable(text: string, offsets: Map<number, number>): string | undefined {
  const keyword = /^\s*xref\s+/y;
  if (!keyword.test(text)) return undefined;
  const subsection = /(\d+)\s+(\d+)\s+/y;
  const entry = /(\d{10})\s+(\d{5})\s+([nf])\s*/y;
  let at = keyword.lastIndex;
  for (;;) {
    subsection.lastIndex = at;
    const header = subsection.exec(text);
    if (!header) break;
    const first = Number(header[1]);
    entry.lastIndex = subsection.lastIndex;
    for (let index = 0; index < Number(header[2]); index += 1) {
      const row = entry.exec(text);
      if (!row) return undefined;
      if (row[3] === "n" && !offsets.has(first + index)) offsets.set(first + index, Number(row[1]));
    }
    at = entry.lastIndex;
  }
  const trailer = text.slice(at).match(/^trailer\s*<<([\s\S]*?)(startxref|$)/);
  return trailer?.[1];
}

/** An object's text up to its endobj (or as much as one read holds), if the offset holds that object. */
async function readObject(file: FileReader, offsets: Map<number, number>, objectNumber: number): Promise<string | undefined> {
  const offset = offsets.get(objectNumber);
  if (offset === undefined) return undefined;
  const text = (await file.read(offset, WINDOW_BYTES)).toString("latin1");
  if (!new RegExp(`^\\s*${objectNumber}\\s+\\d+\\s+obj\\b`).test(text)) return undefined;
  const end = text.indexOf("endobj");
  return end < 0 ? text : text.slice(0, end);
}
