import type Tesseract from "tesseract.js";
import type { OcrWord, PageOcr } from "../types.ts";

/**
 * Our page result from tesseract.js's. Words come from the TSV output: one
 * pass in the engine, where building the blocks tree (blocks > paragraphs >
 * lines > words > symbols) cost about 5% of a page's CPU time; the TSV also
 * keeps each word's confidence unrounded.
 */
export function readPageOcr(page: Tesseract.Page): PageOcr {
  return { text: page.text, confidence: page.confidence, words: readTsvWords(page.tsv ?? ""), hocr: page.hocr ?? "" };
}

// TSV columns: level page block paragraph line word left top width height conf text; level 5 is a word.
const WORD_LEVEL = "5";
const TEXT_COLUMN = 11;

/**
 * The words of tesseract's TSV output, in reading order, each with the block,
 * paragraph and line it belongs to, numbered from 1 across the page (the TSV
 * numbers paragraphs within their block and lines within their paragraph).
 */
export function readTsvWords(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  const layout = { block: 0, paragraph: 0, line: 0 };
  let lastLine = "";
  let lastParagraph = "";
  for (const row of tsv.split("\n")) {
    const cells = row.split("\t");
    if (cells[0] !== WORD_LEVEL || cells.length <= TEXT_COLUMN) continue;
    const [, , block, paragraph, line] = cells;
    if (`${block}.${paragraph}` !== lastParagraph) layout.paragraph += 1;
    if (`${block}.${paragraph}.${line}` !== lastLine) layout.line += 1;
    lastParagraph = `${block}.${paragraph}`;
    lastLine = `${block}.${paragraph}.${line}`;
    const [left, top, width, height, confidence] = cells.slice(6, TEXT_COLUMN).map(Number) as [number, number, number, number, number];
    words.push({
      text: cells.slice(TEXT_COLUMN).join("\t"),
      confidence,
      bbox: { x0: left, y0: top, x1: left + width, y1: top + height },
      block: Number(block),
      paragraph: layout.paragraph,
      line: layout.line,
    });
  }
  return words;
}
