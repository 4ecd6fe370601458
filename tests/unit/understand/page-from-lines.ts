import type { UnderstandPage, UnderstandWord } from "../../../packages/shared/src/understand/page-lines.ts";

/** A page as the OCR would store it: each line's words with boxes (10 px a character, 30 px a line) and line numbers. */
export function pageFromLines(lines: readonly string[], page = 1): UnderstandPage & { words: UnderstandWord[]; hocr: string } {
  const words: UnderstandWord[] = [];
  lines.forEach((line, index) => {
    let x = 0;
    for (const text of line.split(" ").filter((word) => word !== "")) {
      words.push({ text, bbox: { x0: x, y0: index * 30, x1: x + text.length * 10, y1: index * 30 + 20 }, line: index + 1 });
      x += (text.length + 1) * 10;
    }
  });
  const hocr = words
    .map(
      (word, index) =>
        `<span class='ocrx_word' id='word_1_${index + 1}' title='bbox ${word.bbox.x0} ${word.bbox.y0} ${word.bbox.x1} ${word.bbox.y1}; x_wconf 95'>${word.text.replace(/</g, "&lt;")}</span>`,
    )
    .join("\n");
  return { page, text: `${lines.join("\n")}\n`, words, hocr };
}
