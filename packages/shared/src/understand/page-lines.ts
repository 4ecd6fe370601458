/** Pixel box, origin top-left, in the page's own coordinate space (as the result's words). */
export type Box = { x0: number; y0: number; x1: number; y1: number };

/** A word as the result stores it (text, box, and the line tesseract put it on). */
export type UnderstandWord = { text: string; bbox: Box; block?: number; line?: number };

/** A page as the extractors read it. */
export type UnderstandPage = { page: number; text: string; words: readonly UnderstandWord[] };

/** One line of a page: its words joined by single spaces, and where each word starts in `text`. */
export type PageLine = { page: number; index: number; text: string; words: { word: UnderstandWord; start: number; end: number }[] };

/**
 * The page's lines, built from its words so every character of a match can be
 * traced back to a box. Words without a line number (old results) fall back
 * to the page text's own lines, without boxes.
 */
export function linesOf(page: UnderstandPage): PageLine[] {
  const grouped = new Map<number, UnderstandWord[]>();
  for (const word of page.words) {
    if (word.line === undefined) return textLinesOf(page);
    const words = grouped.get(word.line) ?? [];
    words.push(word);
    grouped.set(word.line, words);
  }
  if (grouped.size === 0) return textLinesOf(page);
  return [...grouped.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, words], index) => {
      let text = "";
      const placed = words.map((word) => {
        if (text !== "") text += " ";
        const start = text.length;
        text += word.text;
        return { word, start, end: text.length };
      });
      return { page: page.page, index, text, words: placed };
    });
}

function textLinesOf(page: UnderstandPage): PageLine[] {
  return page.text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((text, index) => ({ page: page.page, index, text, words: [] }));
}

/** The box around the words a span of the line touches; null when the line has no word boxes. */
export function boxOfSpan(line: PageLine, start: number, end: number): Box | null {
  const touched = line.words.filter((placed) => placed.start < end && placed.end > start);
  if (touched.length === 0) return null;
  return {
    x0: Math.min(...touched.map((placed) => placed.word.bbox.x0)),
    y0: Math.min(...touched.map((placed) => placed.word.bbox.y0)),
    x1: Math.max(...touched.map((placed) => placed.word.bbox.x1)),
    y1: Math.max(...touched.map((placed) => placed.word.bbox.y1)),
  };
}

/** Where a piece of text was found: its page, the box around it, and the text itself as read. */
export type Found = { page: number; box: Box | null; source: string };

export function foundAt(line: PageLine, start: number, end: number): Found {
  return { page: line.page, box: boxOfSpan(line, start, end), source: line.text.slice(start, end) };
}
