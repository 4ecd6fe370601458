// Pure: pdfjs text items of one page -> words with boxes in the page's pixel
// space (the viewport pdfjs renders at), numbered into lines and blocks.

/** @typedef {{ str: string; transform: number[]; width: number; height: number; hasEOL?: boolean }} TextItem */
/** @typedef {{ text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number }; block: number; paragraph: number; line: number }} Word */

// Share of the font size above and below the baseline: what most Latin fonts give a line's glyphs.
const ASCENT = 0.8;
const DESCENT = 0.2;

/**
 * Each item is a run of text on one baseline; its words get the part of the
 * run's advance width their characters take (pdfjs gives no per-glyph widths).
 * A new line starts where pdfjs marks an end of line or the baseline moves by
 * more than half the font size; a new block where it moves by more than 1.8 lines.
 * @param {TextItem[]} items
 * @param {number[]} viewportTransform  pdfjs viewport.transform
 * @returns {Word[]}
 */
export function textItemsToWords(items, viewportTransform) {
  /** @type {Word[]} */
  const words = [];
  let line = 0;
  let block = 0;
  /** @type {{ baseline: number; size: number } | undefined} */
  let previous;
  let lineEnded = true;
  for (const item of items) {
    const text = item.str ?? "";
    if (text.trim() === "") {
      if (item.hasEOL) lineEnded = true;
      continue;
    }
    const [a, b, c, d, e, f] = multiply(viewportTransform, item.transform);
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    // The run's direction along its baseline (unit vector) and its length in pixels.
    const scale = Math.hypot(viewportTransform[0], viewportTransform[1]);
    const runLength = item.width * scale;
    const cos = Math.hypot(a, b) === 0 ? 1 : a / Math.hypot(a, b);
    const sin = Math.hypot(a, b) === 0 ? 0 : b / Math.hypot(a, b);
    const baseline = e * -sin + f * cos;
    if (!previous || lineEnded || Math.abs(baseline - previous.baseline) > previous.size * 0.5) {
      if (!previous || Math.abs(baseline - previous.baseline) > previous.size * 1.8) block += 1;
      line += 1;
    }
    previous = { baseline, size };
    lineEnded = Boolean(item.hasEOL);
    for (const match of text.matchAll(/\S+/g)) {
      const start = (match.index / text.length) * runLength;
      const end = ((match.index + match[0].length) / text.length) * runLength;
      words.push({ text: match[0], confidence: 100, bbox: boxOf(e, f, cos, sin, start, end, size), block, paragraph: block, line });
    }
  }
  return words;
}

/** The upright box around a word's slanted rectangle from `start` to `end` along the baseline. */
function boxOf(e, f, cos, sin, start, end, size) {
  // Pixel space grows downwards: "up" from the baseline is (sin, -cos) rotated with the text.
  const up = [sin, -cos];
  const corners = [];
  for (const along of [start, end]) {
    for (const height of [ASCENT * size, -DESCENT * size]) {
      corners.push([e + cos * along + up[0] * height, f + sin * along + up[1] * height]);
    }
  }
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return {
    x0: Math.max(0, Math.round(Math.min(...xs))),
    y0: Math.max(0, Math.round(Math.min(...ys))),
    x1: Math.round(Math.max(...xs)),
    y1: Math.round(Math.max(...ys)),
  };
}

/** pdfjs Util.transform: the matrix product m1 x m2 of two [a b c d e f] matrices. */
function multiply(m1, m2) {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}
