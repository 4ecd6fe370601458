import { readFile } from "node:fs/promises";
import { PDFDocument, StandardFonts } from "pdf-lib";

/** A page of a test PDF: born-digital lines of text (Helvetica, 12 pt, from the top left), or a scan (an image over the whole page). */
export type TestPage = { lines: string[] } | { scan: string };

const MARGIN = 72;
const LINE_HEIGHT = 18;
const FONT_SIZE = 12;

/** Where `line` (0-based) of a born-digital page is drawn: x and the baseline, in points from the bottom left of a Letter page. */
export function lineOrigin(line: number): { x: number; baseline: number } {
  return { x: MARGIN, baseline: 792 - MARGIN - line * LINE_HEIGHT };
}

/**
 * A PDF made with pdf-lib: born-digital pages (US Letter) and scanned pages (a
 * JPEG or PNG image file drawn over a page of its size at 300 dpi).
 */
export async function makeTestPdf(pages: TestPage[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const spec of pages) {
    if ("lines" in spec) {
      const page = pdf.addPage([612, 792]);
      spec.lines.forEach((text, index) => {
        const { x, baseline } = lineOrigin(index);
        page.drawText(text, { x, y: baseline, size: FONT_SIZE, font });
      });
    } else {
      const bytes = await readFile(spec.scan);
      const image = spec.scan.endsWith(".png") ? await pdf.embedPng(bytes) : await pdf.embedJpg(bytes);
      const width = (image.width * 72) / 300;
      const height = (image.height * 72) / 300;
      pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
    }
  }
  return Buffer.from(await pdf.save());
}
