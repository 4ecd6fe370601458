import type { OcrWord, PageResult } from "../types.ts";
import type { EmbeddedPage } from "./read-embedded-text.ts";

/**
 * A page taken from the PDF's own text layer as a result page: its words as
 * they are, confidence 100, text joined as tesseract joins it (words by spaces,
 * lines by a newline, blocks by an empty line), and hOCR of the same words.
 */
export function embeddedPageResult({ page, width, height, words }: EmbeddedPage): PageResult {
  return {
    page,
    width,
    height,
    // The PDF's own text is drawn upright in its page's space: nothing is turned.
    rotation: 0,
    text: joinText(words),
    confidence: 100,
    words,
    hocr: wordsToHocr(width, height, words),
    source: "embedded",
  };
}

function joinText(words: readonly OcrWord[]): string {
  let text = "";
  words.forEach((word, index) => {
    const previous = words[index - 1];
    if (previous) text += previous.block !== word.block ? "\n\n" : previous.line !== word.line ? "\n" : " ";
    text += word.text;
  });
  return words.length > 0 ? `${text}\n` : "";
}

/** hOCR as tesseract writes a page (numbered as page 1; render-hocr renumbers it): blocks, lines, words. */
function wordsToHocr(width: number, height: number, words: readonly OcrWord[]): string {
  const bbox = (box: OcrWord["bbox"]) => `bbox ${box.x0} ${box.y0} ${box.x1} ${box.y1}`;
  const union = (group: readonly OcrWord[]) => ({
    x0: Math.min(...group.map((word) => word.bbox.x0)),
    y0: Math.min(...group.map((word) => word.bbox.y0)),
    x1: Math.max(...group.map((word) => word.bbox.x1)),
    y1: Math.max(...group.map((word) => word.bbox.y1)),
  });
  const lines = groupBy(words, (word) => word.line ?? 0);
  let html = `<div class='ocr_page' id='page_1' title='image ""; bbox 0 0 ${width} ${height}; ppageno 0'>\n`;
  let wordNumber = 0;
  lines.forEach((line, index) => {
    html += `  <span class='ocr_line' id='line_1_${index + 1}' title="${bbox(union(line))}">`;
    for (const word of line) {
      wordNumber += 1;
      html += `<span class='ocrx_word' id='word_1_${wordNumber}' title='${bbox(word.bbox)}; x_wconf 100'>${escapeXml(word.text)}</span> `;
    }
    html += "</span>\n";
  });
  return `${html}</div>\n`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): T[][] {
  const groups: T[][] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && key(last[0]!) === key(item)) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
