import { describe, expect, it } from "vitest";
import { chooseRenderScale, LOWEST_SCALE } from "../../apps/worker/src/ocr/pdf/choose-render-scale.mjs";

const A4 = { width: 595, height: 842 };
const POSTER = { width: 25 * 72, height: 50 * 72 };
const SCAN_RANGE = { min: 3, max: 300 / 72, minCoverage: 0.5, maxRaisedSide: 4200 };
const NO_LIMIT = Number.POSITIVE_INFINITY;
const dpi = (scale: number) => Math.round(scale * 72);

describe("chooseRenderScale", () => {
  describe("when the page fits the pixel limit", () => {
    it("renders a scan at its own resolution between 216 and 300 dpi", () => {
      expect(dpi(chooseRenderScale(A4, { dpi: 250 }, SCAN_RANGE, NO_LIMIT))).toBe(250);
      expect(dpi(chooseRenderScale(A4, { dpi: 600 }, SCAN_RANGE, NO_LIMIT))).toBe(300);
      expect(dpi(chooseRenderScale(A4, { dpi: 150 }, SCAN_RANGE, NO_LIMIT))).toBe(216);
    });

    it("renders a page without a scan at 216 dpi, and every page at a set scale", () => {
      expect(dpi(chooseRenderScale(A4, undefined, SCAN_RANGE, NO_LIMIT))).toBe(216);
      expect(chooseRenderScale(A4, { dpi: 300 }, 2, NO_LIMIT)).toBe(2);
    });

    it("raises a poster's coarse scan only while its longest side stays within 4200 pixels", () => {
      expect(chooseRenderScale(POSTER, { dpi: 80 }, SCAN_RANGE, NO_LIMIT) * POSTER.height).toBeCloseTo(4200);
      expect(dpi(chooseRenderScale(POSTER, { dpi: 100 }, SCAN_RANGE, NO_LIMIT))).toBe(100);
    });
  });

  describe("when the page passes the pixel limit", () => {
    it("lowers the resolution to fit, down to 150 dpi", () => {
      // A4 at 176 dpi: 1455 x 2058, 2,994,390 pixels.
      const scale = chooseRenderScale(A4, { dpi: 300 }, SCAN_RANGE, 3_000_000);
      expect(scale * A4.width * scale * A4.height).toBeLessThanOrEqual(3_000_000);
      expect(dpi(scale)).toBe(176);
      expect(chooseRenderScale(A4, { dpi: 300 }, SCAN_RANGE, 1_000_000)).toBe(LOWEST_SCALE);
      expect(chooseRenderScale(A4, undefined, SCAN_RANGE, 1_000_000)).toBe(LOWEST_SCALE);
      expect(chooseRenderScale(A4, { dpi: 300 }, 3, 1_000_000)).toBe(LOWEST_SCALE);
    });

    it("goes below 150 dpi as far as the scan's own resolution or the set scale, never further", () => {
      const fitting = chooseRenderScale(POSTER, { dpi: 80 }, SCAN_RANGE, 8_500_000);
      expect(fitting * POSTER.width * fitting * POSTER.height).toBeLessThanOrEqual(8_500_000);
      expect(fitting).toBeGreaterThan(80 / 72);
      expect(chooseRenderScale(POSTER, { dpi: 80 }, SCAN_RANGE, 7_000_000)).toBe(80 / 72);
      expect(chooseRenderScale(POSTER, undefined, 1, 1_000_000)).toBe(1);
    });
  });
});
