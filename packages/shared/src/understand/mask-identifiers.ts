import { escapeRegExp } from "./escape-reg-exp.ts";
import { type FoundIdentifier, SENSITIVE_TYPES } from "./find-identifiers.ts";
import type { PageLine, UnderstandWord } from "./page-lines.ts";

export const MASK_CHAR = "•";

/**
 * The masked form of an identifier's value: cards and Aadhaar numbers keep
 * their last four digits (as printed receipts and masked Aadhaar do), an MRZ
 * keeps only its document type and issuing state (its first five characters).
 */
export function maskValue(type: FoundIdentifier["type"], value: string): string {
  if (type === "mrz") return value.slice(0, 5) + value.slice(5).replace(/[A-Z0-9]/g, MASK_CHAR);
  const keepFrom = value.replace(/\D/g, "").length - 4;
  let seen = 0;
  return value.replace(/\d/g, (digit) => (seen++ < keepFrom ? MASK_CHAR : digit));
}

/** A line's text with the span's characters masked as maskValue does. */
function maskSpan(text: string, start: number, end: number, type: FoundIdentifier["type"], keepFirst: number): string {
  const span = text.slice(start, end);
  const masked = type === "mrz" ? span.slice(0, keepFirst) + span.slice(keepFirst).replace(/[A-Z0-9]/g, MASK_CHAR) : maskValue(type, span);
  return text.slice(0, start) + masked + text.slice(end);
}

export type MaskablePage = { text: string; words: UnderstandWord[]; hocr: string };

/**
 * Masks the sensitive identifiers (cards, Aadhaar, MRZ) everywhere a page
 * keeps its text: its words, its plain text and its hOCR, so no output format
 * built from the stored page can show them. Returns a new page.
 */
export function maskPage<T extends MaskablePage>(page: T, identifiers: readonly FoundIdentifier[]): T {
  const sensitive = identifiers.filter((identifier) => SENSITIVE_TYPES.has(identifier.type));
  if (sensitive.length === 0) return page;
  const maskedWords = new Map<UnderstandWord, string>();
  const maskedLines = new Map<PageLine, string>();
  for (const identifier of sensitive) {
    identifier.spans.forEach((span, index) => {
      const text = maskedLines.get(span.line) ?? span.line.text;
      // Only an MRZ's first line keeps its document type and state.
      maskedLines.set(span.line, maskSpan(text, span.start, span.end, identifier.type, index === 0 ? 5 : 0));
    });
  }
  let text = page.text;
  for (const [line, masked] of maskedLines) {
    for (const placed of line.words) {
      const replacement = masked.slice(placed.start, placed.end);
      if (replacement !== placed.word.text) maskedWords.set(placed.word, replacement);
    }
    text = maskLineInText(text, line, masked);
  }
  const words = page.words.map((word) => (maskedWords.has(word) ? { ...word, text: maskedWords.get(word)! } : word));
  return { ...page, text, words, hocr: maskHocr(page.hocr, maskedWords) };
}

/** The page text with a line's words (as tesseract spaced them) replaced by their masked form. */
function maskLineInText(text: string, line: PageLine, masked: string): string {
  const original = line.words.length > 0 ? line.words.map((placed) => placed.word.text) : [line.text];
  const replacement = line.words.length > 0 ? line.words.map((placed) => masked.slice(placed.start, placed.end)) : [masked];
  const pattern = new RegExp(original.map(escapeRegExp).join("\\s+"), "g");
  return text.replace(pattern, () => replacement.join(" "));
}

/** The hOCR with each masked word's content replaced, found by its box (`bbox x0 y0 x1 y1` in its title). */
function maskHocr(hocr: string, maskedWords: Map<UnderstandWord, string>): string {
  if (maskedWords.size === 0 || hocr === "") return hocr;
  const byBox = new Map([...maskedWords].map(([word, masked]) => [boxKey(word.bbox), masked]));
  return hocr.replace(
    /(<span class=['"]ocrx_word['"][^>]*title=['"]bbox (\d+) (\d+) (\d+) (\d+)[^>]*>)([\s\S]*?)(<\/span>)/g,
    (whole, open: string, x0: string, y0: string, x1: string, y1: string, _content: string, close: string) => {
      const masked = byBox.get(`${x0},${y0},${x1},${y1}`);
      return masked === undefined ? whole : `${open}${escapeXmlText(masked)}${close}`;
    },
  );
}

function boxKey(box: UnderstandWord["bbox"]): string {
  return `${box.x0},${box.y0},${box.x1},${box.y1}`;
}

function escapeXmlText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
