import type { GreyImage } from "./find-marks.ts";

const MAX_SKEW_DEGREES = 8;
const COARSE_STEP = 0.5;
const FINE_STEP = 0.05;

/**
 * How far the text lines are turned clockwise, in degrees (rotate by its negative
 * to straighten them), from projection profiles: rows of a straightened page
 * alternate between dense ink and empty gaps, so the sum of squared row counts
 * peaks at the right angle. Works on a small binarised copy of the page.
 */
export function estimateSkew(image: GreyImage, threshold: number): number {
  const { data, width, height } = image;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (data[y * width + x]! < threshold) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 100) return 0;
  const margin = Math.ceil(width * Math.tan((MAX_SKEW_DEGREES * Math.PI) / 180)) + 1;
  const rows = new Float64Array(height + 2 * margin);
  const score = (degrees: number): number => {
    const slope = Math.tan((degrees * Math.PI) / 180);
    rows.fill(0);
    for (let i = 0; i < xs.length; i += 1) rows[Math.round(ys[i]! - xs[i]! * slope) + margin]! += 1;
    let sum = 0;
    for (const count of rows) sum += count * count;
    return sum;
  };
  const search = (from: number, to: number, step: number): number => {
    let best = 0;
    let bestScore = -1;
    for (let degrees = from; degrees <= to + 1e-9; degrees += step) {
      const value = score(degrees);
      if (value > bestScore) {
        bestScore = value;
        best = degrees;
      }
    }
    return best;
  };
  const coarse = search(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, COARSE_STEP);
  return search(coarse - COARSE_STEP, coarse + COARSE_STEP, FINE_STEP);
}
