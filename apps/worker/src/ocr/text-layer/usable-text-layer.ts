import type { OcrWord } from "../types.ts";

// Fewer words than this is not a page of text: a scan with a stamp or a page number printed over it is OCRed.
const MIN_WORDS = 3;
// Characters a font without a Unicode map yields: private-use code points, controls, unassigned, U+FFFD.
const GARBAGE_CHAR = /[\p{Co}\p{Cc}\p{Cn}\uFFFD]/u;
// A word with a letter or a digit in it; glyph soup is mostly runs of symbols.
const WORD_LIKE = /[\p{L}\p{N}]/u;

/**
 * Whether a page's own text layer can stand in for OCR: enough words, at most
 * 5% garbage characters, and at least 80% of words with a letter or digit.
 */
export function isUsableTextLayer(words: readonly Pick<OcrWord, "text">[]): boolean {
  if (words.length < MIN_WORDS) return false;
  let characters = 0;
  let garbage = 0;
  let wordLike = 0;
  for (const { text } of words) {
    for (const char of text) {
      characters += 1;
      if (GARBAGE_CHAR.test(char)) garbage += 1;
    }
    if (WORD_LIKE.test(text)) wordLike += 1;
  }
  return garbage <= characters * 0.05 && wordLike >= words.length * 0.8;
}
