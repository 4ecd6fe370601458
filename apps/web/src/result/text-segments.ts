import type { ApiWord } from "@ocrflow/shared/responses";

/** A run of the page's text, which is word `word` when set. */
export interface TextSegment {
  text: string;
  word?: number;
}

// A word not found this far after the previous one is left unlinked rather than matched somewhere wrong.
const SEARCH_WINDOW = 200;

/**
 * Cuts the page's text (lines and paragraphs as OCR laid them out) into
 * runs, each word of the page's word list becoming its own run: the words
 * come in reading order, so each is looked for after the previous one.
 */
export function segmentText(text: string, words: readonly Pick<ApiWord, "text">[]): TextSegment[] {
  const segments: TextSegment[] = [];
  let cursor = 0;
  words.forEach((word, index) => {
    if (!word.text) return;
    const at = text.indexOf(word.text, cursor);
    if (at < 0 || at - cursor > SEARCH_WINDOW) return;
    if (at > cursor) segments.push({ text: text.slice(cursor, at) });
    segments.push({ text: word.text, word: index });
    cursor = at + word.text.length;
  });
  if (cursor < text.length) segments.push({ text: text.slice(cursor) });
  return segments;
}
