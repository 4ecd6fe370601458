// Plain JavaScript: the PDF renderer process (pdf-render-child.mjs) runs without tsx.

/**
 * The scan a PDF page is made of: the largest image drawn on it, when it covers
 * at least `minCoverage` of the page, with the resolution it is drawn at (pixels
 * per inch, the finer of its two axes). Undefined for a page without one
 * (born-digital text, a logo on a letter).
 * @param {{ fnArray: number[]; argsArray: any[] }} operatorList  pdfjs's page.getOperatorList()
 * @param {Record<string, number>} OPS  pdfjs's operator codes
 * @param {{ view: number[]; userUnit?: number }} page  the page's box in user units, and a user unit's size in points
 * @param {number} minCoverage  share of the page's area
 * @returns {{ width: number; height: number; dpi: number } | undefined}
 */
export function findPageScan({ fnArray, argsArray }, OPS, page, minCoverage) {
  const [x0, y0, x1, y1] = page.view;
  const pageArea = Math.abs((x1 - x0) * (y1 - y0));
  const pointsPerUnit = page.userUnit ?? 1;
  // Only the linear part of the current transform [a, b, c, d] sizes an image: images are drawn on the unit square.
  let current = [1, 0, 0, 1];
  const saved = [];
  let scan;
  let scanArea = 0;
  for (let i = 0; i < fnArray.length; i += 1) {
    const fn = fnArray[i];
    const args = argsArray[i];
    if (fn === OPS.save) saved.push(current);
    else if (fn === OPS.restore) current = saved.pop() ?? current;
    else if (fn === OPS.transform) current = multiply(current, args);
    else if (fn === OPS.paintFormXObjectBegin) {
      // The canvas saves its state and applies the form's matrix; paintFormXObjectEnd restores it.
      saved.push(current);
      if (args[0]) current = multiply(current, args[0]);
    } else if (fn === OPS.paintFormXObjectEnd) current = saved.pop() ?? current;
    else {
      const pixels = imagePixels(fn, args, OPS);
      if (!pixels) continue;
      const [a, b, c, d] = current;
      const area = Math.abs(a * d - b * c);
      if (area < pageArea * minCoverage || area <= scanArea) continue;
      scanArea = area;
      const dpi = Math.max(pixels.width / Math.hypot(a, b), pixels.height / Math.hypot(c, d)) * (72 / pointsPerUnit);
      scan = { width: pixels.width, height: pixels.height, dpi };
    }
  }
  return scan;
}

/** The pixel size of the image an operator paints; undefined for any other operator. */
function imagePixels(/** @type {number} */ fn, /** @type {any[]} */ args, /** @type {Record<string, number>} */ OPS) {
  // paintImageXObject: [objId, width, height]; the inline image and the mask carry theirs in an object.
  if (fn === OPS.paintImageXObject) return { width: args[1], height: args[2] };
  if (fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) return { width: args[0].width, height: args[0].height };
  return undefined;
}

/** `by` applied within `current` (what the canvas's transform() does), linear parts only. */
function multiply(/** @type {number[]} */ current, /** @type {ArrayLike<number>} */ by) {
  const [a, b, c, d] = current;
  return [a * by[0] + c * by[1], b * by[0] + d * by[1], a * by[2] + c * by[3], b * by[2] + d * by[3]];
}
