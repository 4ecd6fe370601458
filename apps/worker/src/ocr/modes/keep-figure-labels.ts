import type { OcrWord, PageOcr } from "../types.ts";

// Line art read as text comes out as rules, bars and stray letters ("—", "|", "I~", "\") at low confidence.
const MIN_LABEL_CONFIDENCE = 50;
// A one-character label (a grid reference, a point number) must be read with more certainty than a word.
const MIN_SINGLE_CHARACTER_CONFIDENCE = 85;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;

/**
 * The labels of a figure (map, chart, diagram): the words that are words,
 * read with some confidence; what tesseract made of its lines and hatching is
 * dropped. The page text is rebuilt from the kept words, line by line.
 */
export function keepFigureLabels(ocr: PageOcr): PageOcr {
  const words = ocr.words.filter(isLabel);
  const lines = new Map<string, string[]>();
  for (const word of words) {
    const key = `${word.block}.${word.line}`;
    lines.set(key, [...(lines.get(key) ?? []), word.text]);
  }
  const text = [...lines.values()].map((line) => line.join(" ")).join("\n");
  const confidence = words.length === 0 ? 0 : words.reduce((sum, word) => sum + word.confidence, 0) / words.length;
  return { ...ocr, text: text ? `${text}\n` : "", words, confidence };
}

export function isLabel(word: Pick<OcrWord, "text" | "confidence">): boolean {
  const alphanumerics = word.text.match(LETTER_OR_DIGIT)?.length ?? 0;
  if (alphanumerics === 0) return false;
  if (alphanumerics === 1) return word.text.trim().length === 1 && word.confidence >= MIN_SINGLE_CHARACTER_CONFIDENCE;
  return word.confidence >= MIN_LABEL_CONFIDENCE;
}
