import sharp from "sharp";
import type { BoundingBox } from "../types.ts";

/**
 * The page preview with black boxes drawn over the given word boxes (in the
 * page's `pageWidth` space; the preview is the page scaled down): what masks
 * card, Aadhaar and MRZ numbers in the image the web app shows, as the text
 * is masked.
 */
export async function coverBoxes(preview: Buffer, pageWidth: number, boxes: readonly BoundingBox[]): Promise<Buffer> {
  if (boxes.length === 0) return preview;
  const { width, height } = await sharp(preview).metadata();
  if (!width || !height) return preview;
  const scale = width / pageWidth;
  // A few pixels more on each side: OCR boxes hug the ink, and antialiased edges would still show digits' outlines.
  const rects = boxes
    .map((box) => {
      const x = Math.max(0, Math.floor(box.x0 * scale) - 2);
      const y = Math.max(0, Math.floor(box.y0 * scale) - 2);
      const w = Math.min(width - x, Math.ceil((box.x1 - box.x0) * scale) + 4);
      const h = Math.min(height - y, Math.ceil((box.y1 - box.y0) * scale) + 4);
      return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#000"/>`;
    })
    .join("");
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`);
  return sharp(preview)
    .composite([{ input: overlay }])
    .webp({ quality: 60, effort: 0 })
    .toBuffer();
}
