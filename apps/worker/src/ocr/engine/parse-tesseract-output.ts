import type { PageOcr } from "../types.ts";
import { readTsvWords } from "./read-page-ocr.ts";

// A TSV row starts with its level (1-5) and a tab; hOCR lines start with "<" or spaces.
const TSV_ROW = /^[1-5]\t/;
const TSV_HEADER = "level\tpage_num\t";
const HOCR_PAGE_START = "<div class='ocr_page'";

/**
 * The page as tesseract.js gives it, from the output of `tesseract stdin stdout hocr tsv`:
 * both renderers write to stdout, interleaved (hOCR head, TSV header, hOCR
 * page, TSV rows, hOCR tail). Words and confidences come from the TSV rows
 * (readTsvWords), the hOCR is the page's `ocr_page` div alone, as
 * tesseract.js's GetHOCRText answers it, and the text and mean confidence are
 * built as tesseract's GetUTF8Text and MeanTextConf build them.
 */
export function parseTesseractOutput(stdout: string): PageOcr {
  const tsvRows: string[] = [];
  const hocrLines: string[] = [];
  let inPage = false;
  for (const line of stdout.split("\n")) {
    if (TSV_ROW.test(line)) tsvRows.push(line);
    else if (line.trimStart().startsWith(HOCR_PAGE_START)) inPage = true;
    if (inPage && !TSV_ROW.test(line) && !line.startsWith(TSV_HEADER)) hocrLines.push(line);
    // The page div's closing tag is the only one at its indentation.
    if (inPage && line === "  </div>") inPage = false;
  }
  const words = readTsvWords(tsvRows.join("\n"));
  // As tesseract.js writes it: one indentation level less, and no file name for the image.
  const hocr =
    hocrLines.length > 0
      ? `${hocrLines
          .map((line) => line.slice(2))
          .join("\n")
          .replace(`image "stdin"`, `image "unknown"`)}\n`
      : "";
  return { text: textOfTsv(tsvRows), confidence: meanTextConfidence(words.map((word) => word.confidence)), words, hocr };
}

/**
 * The page text as GetUTF8Text writes it: words joined by a space, each line
 * ending in a newline, and a blank line between paragraphs.
 */
export function textOfTsv(rows: string[]): string {
  let text = "";
  let lastLine = "";
  let lastParagraph = "";
  for (const row of rows) {
    const cells = row.split("\t");
    if (cells[0] !== "5" || cells.length < 12) continue;
    const paragraph = `${cells[2]}.${cells[3]}`;
    const line = `${paragraph}.${cells[4]}`;
    if (lastLine && line !== lastLine) text += paragraph !== lastParagraph ? "\n\n" : "\n";
    else if (lastLine) text += " ";
    text += cells.slice(11).join("\t");
    lastLine = line;
    lastParagraph = paragraph;
  }
  return lastLine ? `${text}\n` : "";
}

/** MeanTextConf: the integer mean of the words' integer confidences, 0 without words. */
export function meanTextConfidence(confidences: number[]): number {
  if (confidences.length === 0) return 0;
  const sum = confidences.reduce((total, confidence) => total + Math.trunc(confidence), 0);
  return Math.trunc(sum / confidences.length);
}
