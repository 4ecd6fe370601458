// Plain JavaScript: the PDF renderer process (pdf-render-child.mjs) runs without tsx.

/** 150 dpi: a page that cannot be rendered this fine within the pixel limit is refused (unless its scan is coarser). */
export const LOWEST_SCALE = 150 / 72;

/**
 * The scale (1 = 72 dpi) a page is rendered at: the scale set, or the one its
 * scan asks for (`scanScale`), lowered as far as needed to fit `maxPagePixels`,
 * but not below the lowest acceptable one: 150 dpi, or the scan's own resolution
 * (or the scale set) when that is coarser, so a page is never refused while its
 * scan fits. At that lowest scale a page may still pass the limit: the caller
 * refuses it then.
 * @param {{ width: number; height: number }} page  the page's size in points (at scale 1)
 * @param {{ dpi: number } | undefined} scan  the page's scan (find-page-scan.mjs), if it has one
 * @param {import("./pdf-render-messages.ts").PdfRenderScale} setting
 * @param {number} maxPagePixels
 * @returns {number}
 */
export function chooseRenderScale(page, scan, setting, maxPagePixels) {
  const wanted = typeof setting === "number" ? setting : scanScale(page, scan, setting);
  const coarsest = typeof setting === "number" ? setting : scan ? scan.dpi / 72 : LOWEST_SCALE;
  // A hair under the limit: the canvas's sides are rounded to whole pixels.
  const largestFitting = Math.sqrt(maxPagePixels / (page.width * page.height)) * 0.999;
  return Math.max(Math.min(LOWEST_SCALE, coarsest), Math.min(wanted, largestFitting));
}

/**
 * The scale a scan is drawn pixel for pixel at, within [min, max]. A coarser
 * scan is rendered finer, up to `min`, as prepare-image.ts would scale it up
 * itself, and no further than that does: while the page's longest side stays
 * within `maxRaisedSide` pixels (a poster's 80 dpi scan at 216 dpi would be
 * 7 times its pixels). A page without a scan is rendered at `min`.
 * @param {{ width: number; height: number }} page
 * @param {{ dpi: number } | undefined} scan
 * @param {{ min: number; max: number; maxRaisedSide: number }} range
 */
function scanScale(page, scan, { min, max, maxRaisedSide }) {
  if (!scan) return min;
  const own = scan.dpi / 72;
  const raised = Math.max(own, Math.min(min, maxRaisedSide / Math.max(page.width, page.height)));
  return Math.min(max, raised);
}
