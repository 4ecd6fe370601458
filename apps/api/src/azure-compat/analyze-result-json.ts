import { azureLocaleOf } from "./azure-locales.ts";
import { ContentBuilder, type StringIndexType } from "./text-offsets.ts";

type Span = { offset: number; length: number };
type Box = { x0: number; y0: number; x1: number; y1: number };

/** A word as ocrflow stores it (API.md's result JSON); `line` and `paragraph` are absent in old results. */
export interface StoredWord {
  text: string;
  confidence: number;
  bbox: Box;
  block?: number;
  paragraph?: number;
  line?: number;
}

/** A page as read: its pixel size and words; `size` is its size in inches when it is a PDF page. */
export interface ReadPage {
  page: number;
  width: number;
  height: number;
  words: readonly StoredWord[];
  size?: { width: number; height: number };
}

export interface AnalyzeResultInput {
  apiVersion: string;
  modelId: string;
  stringIndexType: StringIndexType;
  /** The languages the job was read with (tesseract codes). */
  languages: readonly string[];
  pages: readonly ReadPage[];
}

type Paragraph = { content: string; boundingRegions: { pageNumber: number; polygon: number[] }[]; spans: Span[] };

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function polygonOf(box: Box, scaleX: number, scaleY: number, digits: number): number[] {
  const [x0, y0, x1, y1] = [box.x0 * scaleX, box.y0 * scaleY, box.x1 * scaleX, box.y1 * scaleY].map((v) => round(v, digits));
  // Clockwise from the top-left corner, as Azure gives every polygon.
  return [x0!, y0!, x1!, y0!, x1!, y1!, x0!, y1!];
}

function unionOf(boxes: readonly Box[]): Box {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

/** The page's words grouped into its lines, in reading order; words of old results (no line numbers) make one line. */
function linesOf(words: readonly StoredWord[]): StoredWord[][] {
  const lines = new Map<string, StoredWord[]>();
  for (const word of words) {
    if (!word.text.trim()) continue;
    const key = `${word.block ?? 0}:${word.paragraph ?? 0}:${word.line ?? 0}`;
    lines.set(key, [...(lines.get(key) ?? []), word]);
  }
  return [...lines.values()];
}

/**
 * A finished job's pages as Azure Document Intelligence's `analyzeResult` of
 * the prebuilt-read model. `content` is built here from the words, one line
 * a row and pages one after another, so every span points at exactly the
 * word, line, paragraph or page it belongs to. Images are measured in pixels
 * of the page as read, PDF pages in inches; ocrflow pages are read upright,
 * so every angle is 0.
 */
export function analyzeResultJson(input: AnalyzeResultInput) {
  const content = new ContentBuilder(input.stringIndexType);
  const paragraphs: Paragraph[] = [];
  const pages = input.pages.map((page, pageIndex) => {
    if (pageIndex > 0) content.append("\n");
    const pageStart = { offset: content.offset, at: content.text.length };
    const inInches = page.size !== undefined;
    const scaleX = page.size ? page.size.width / page.width : 1;
    const scaleY = page.size ? page.size.height / page.height : 1;
    const digits = inInches ? 4 : 0;
    const words: { content: string; polygon: number[]; confidence: number; span: Span }[] = [];
    const lines: { content: string; polygon: number[]; spans: Span[] }[] = [];
    let paragraphKey: string | undefined;
    let paragraphStart = { offset: 0, at: 0 };
    let paragraphBoxes: Box[] = [];
    const closeParagraph = () => {
      if (paragraphKey === undefined) return;
      paragraphs.push({
        content: content.text.slice(paragraphStart.at),
        boundingRegions: [{ pageNumber: page.page, polygon: polygonOf(unionOf(paragraphBoxes), scaleX, scaleY, digits) }],
        spans: [{ offset: paragraphStart.offset, length: content.offset - paragraphStart.offset }],
      });
    };
    for (const [lineIndex, lineWords] of linesOf(page.words).entries()) {
      const key = `${lineWords[0]!.block ?? 0}:${lineWords[0]!.paragraph ?? 0}`;
      if (key !== paragraphKey) closeParagraph();
      if (lineIndex > 0) content.append("\n");
      if (key !== paragraphKey) {
        paragraphKey = key;
        paragraphStart = { offset: content.offset, at: content.text.length };
        paragraphBoxes = [];
      }
      const lineStart = { offset: content.offset, at: content.text.length };
      for (const [wordIndex, word] of lineWords.entries()) {
        if (wordIndex > 0) content.append(" ");
        words.push({
          content: word.text,
          polygon: polygonOf(word.bbox, scaleX, scaleY, digits),
          confidence: round(Math.min(Math.max(word.confidence, 0), 100) / 100, 3),
          span: content.append(word.text),
        });
      }
      const lineBox = unionOf(lineWords.map((word) => word.bbox));
      paragraphBoxes.push(lineBox);
      lines.push({
        content: content.text.slice(lineStart.at),
        polygon: polygonOf(lineBox, scaleX, scaleY, digits),
        spans: [{ offset: lineStart.offset, length: content.offset - lineStart.offset }],
      });
    }
    closeParagraph();
    return {
      pageNumber: page.page,
      angle: 0,
      width: page.size ? round(page.size.width, 4) : page.width,
      height: page.size ? round(page.size.height, 4) : page.height,
      unit: inInches ? "inch" : "pixel",
      words,
      lines,
      spans: [{ offset: pageStart.offset, length: content.offset - pageStart.offset }],
    };
  });
  const whole = [{ offset: 0, length: content.offset }];
  return {
    apiVersion: input.apiVersion,
    modelId: input.modelId,
    stringIndexType: input.stringIndexType,
    content: content.text,
    contentFormat: "text",
    pages,
    paragraphs,
    styles: [],
    // What the job was read with, not a detection: each language over the whole content.
    languages:
      content.offset === 0 ? [] : input.languages.map((language) => ({ locale: azureLocaleOf(language), spans: whole, confidence: 1 })),
  };
}
