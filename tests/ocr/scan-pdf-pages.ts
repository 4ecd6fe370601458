import { deflateSync } from "node:zlib";
import { writePdf } from "./bad-content-files.ts";

/**
 * A test PDF page `inches` wide and high: an optional grey image of `pixels`
 * drawn over the part of the page `drawn` gives (in inches, from the bottom
 * left; the whole page by default), and an optional line of text.
 */
export type TestPdfPage = {
  inches: { width: number; height: number };
  image?: {
    pixels: { width: number; height: number };
    drawn?: { x: number; y: number; width: number; height: number };
    /** Its Flate stream damaged after its first bytes: pdfjs cannot decode it. */
    damaged?: boolean;
  };
  text?: string;
};

/** A scanner's page: one image of `dpi` over the whole page. */
export function scannedPage(dpi: number, inches = { width: 4, height: 3 }): TestPdfPage {
  return { inches, image: { pixels: { width: inches.width * dpi, height: inches.height * dpi } } };
}

/** A PDF of the pages, each image losslessly (Flate) compressed, the text in Helvetica (not embedded). */
export function writeTestPdf(pages: TestPdfPage[]): Buffer {
  const objects: (string | Buffer)[] = ["<< /Type /Catalog /Pages 2 0 R >>", ""];
  const font = 3;
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const pageIds: number[] = [];
  for (const page of pages) {
    const [width, height] = [page.inches.width * 72, page.inches.height * 72];
    const content: string[] = [];
    const xObjects: string[] = [];
    if (page.image) {
      const { pixels, drawn = { x: 0, y: 0, ...page.inches } } = page.image;
      objects.push(imageObject(pixels.width, pixels.height, page.image.damaged));
      xObjects.push(`/Im0 ${objects.length} 0 R`);
      content.push(`q ${drawn.width * 72} 0 0 ${drawn.height * 72} ${drawn.x * 72} ${drawn.y * 72} cm /Im0 Do Q`);
    }
    if (page.text) content.push(`BT /F1 14 Tf 36 36 Td (${page.text}) Tj ET`);
    const stream = content.join("\n");
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    const contents = objects.length;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 ${font} 0 R >> /XObject << ${xObjects.join(" ")} >> >> /Contents ${contents} 0 R >>`,
    );
    pageIds.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`;
  return writePdf(objects);
}

/** An 8-bit grey image of dark and light vertical bands. */
function imageObject(width: number, height: number, damaged = false): Buffer {
  const row = Buffer.from(Array.from({ length: width }, (_, x) => (Math.floor(x / 40) % 2 === 0 ? 40 : 220)));
  const whole = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const pixels = damaged ? Buffer.from(whole).fill(0xff, 16) : whole;
  return Buffer.concat([
    Buffer.from(
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${pixels.length} >>\nstream\n`,
    ),
    pixels,
    Buffer.from("\nendstream"),
  ]);
}
