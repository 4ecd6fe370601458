import type Tesseract from "tesseract.js";
import type { OcrWord, PageOcr } from "./types.ts";

/** Our page result from tesseract.js's: words are nested under blocks > paragraphs > lines. */
export function readPageOcr(page: Tesseract.Page): PageOcr {
  const words: OcrWord[] = (page.blocks ?? []).flatMap((block) =>
    block.paragraphs.flatMap((paragraph) =>
      paragraph.lines.flatMap((line) =>
        line.words.map((word) => ({
          text: word.text,
          confidence: word.confidence,
          bbox: { x0: word.bbox.x0, y0: word.bbox.y0, x1: word.bbox.x1, y1: word.bbox.y1 },
        })),
      ),
    ),
  );
  return { text: page.text, confidence: page.confidence, words, hocr: page.hocr ?? "" };
}
