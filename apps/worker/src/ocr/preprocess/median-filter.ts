import type { GreyImage } from "./find-marks.ts";

/**
 * 3x3 median of an 8-bit grey image, edges replicated: pixel for pixel what
 * sharp's `median(3)` gives, at a fifth of its CPU time on a speckled A4 page at
 * 300 dpi (0.1 s against 0.53 s), without the round trip through sharp. Each
 * column of three is sorted once; the median of nine is then the median of the
 * lows' maximum, the middles' median and the highs' minimum.
 */
export function median3x3(image: GreyImage): GreyImage {
  const { data, width, height } = image;
  const out = new Uint8Array(data.length);
  const low = new Uint8Array(width);
  const mid = new Uint8Array(width);
  const high = new Uint8Array(width);
  for (let y = 0; y < height; y += 1) {
    const above = Math.max(0, y - 1) * width;
    const row = y * width;
    const below = Math.min(height - 1, y + 1) * width;
    for (let x = 0; x < width; x += 1) {
      const a = data[above + x]!;
      const b = data[row + x]!;
      const c = data[below + x]!;
      const ab = min(a, b);
      const AB = max(a, b);
      low[x] = min(ab, c);
      mid[x] = max(ab, min(AB, c));
      high[x] = max(AB, c);
    }
    for (let x = 0; x < width; x += 1) {
      const left = x > 0 ? x - 1 : 0;
      const right = x < width - 1 ? x + 1 : x;
      const maxLow = max(max(low[left]!, low[x]!), low[right]!);
      const minHigh = min(min(high[left]!, high[x]!), high[right]!);
      const midMedian = median3(mid[left]!, mid[x]!, mid[right]!);
      out[row + x] = median3(maxLow, midMedian, minHigh);
    }
  }
  return { data: out, width, height };
}

function median3(a: number, b: number, c: number): number {
  return max(min(a, b), min(max(a, b), c));
}

// Branch-free on small integers: speckled pages defeat the branch predictor that Math.min/max rely on.
function min(a: number, b: number): number {
  const d = a - b;
  return b + (d & (d >> 31));
}

function max(a: number, b: number): number {
  const d = a - b;
  return a - (d & (d >> 31));
}
