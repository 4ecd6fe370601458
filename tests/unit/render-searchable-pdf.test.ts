import { readFile } from "node:fs/promises";
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { renderSearchablePdf, type SearchablePage } from "../../apps/api/src/results/render-searchable-pdf.ts";
import { loadPdfjs } from "../../apps/worker/src/ocr/text-layer/load-pdfjs.mjs";
import { fixturePath } from "../ocr/ocr-fixtures.ts";
import { pdfPageTexts, poppler } from "../support/poppler.ts";

const LINES = ["The quick brown fox", 'jumps over the lazy dog & <cat> "too"', "Zoë paid 12,50 € — naïve"];

/** Words laid out as OCR gives them on a `width` x `height` page: 30 px a character, lines 90 px apart. */
function pageOf(page: number, width: number, height: number, extra: Partial<SearchablePage> = {}): SearchablePage {
  const words = LINES.flatMap((line, index) => {
    let x = 100;
    return line.split(" ").map((text) => {
      const bbox = { x0: x, y0: 60 + index * 90, x1: x + text.length * 30, y1: 120 + index * 90 };
      x = bbox.x1 + 30;
      return { text, bbox, line: index + 1 };
    });
  });
  return { page, width, height, words, source: "ocr", ...extra };
}

const expectedText = LINES.join(" ");

async function expectCleanPdf(pdf: Uint8Array, pageCount: number): Promise<void> {
  const info = await poppler("pdfinfo", pdf);
  expect(info.stderr).toBe("");
  expect(info.stdout).toMatch(new RegExp(`Pages:\\s+${pageCount}\\n`));
  const text = await poppler("pdftotext", pdf);
  expect(text.stderr).toBe("");
  const pdfjs = await loadPdfjs();
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  expect(document.numPages).toBe(pageCount);
  for (let page = 1; page <= pageCount; page += 1) await (await document.getPage(page)).getTextContent();
  await document.destroy();
}

function streamsWithFilter(pdf: PDFDocument, filter: string): PDFRawStream[] {
  return pdf.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter(
      (object): object is PDFRawStream => object instanceof PDFRawStream && object.dict.get(PDFName.of("Filter")) === PDFName.of(filter),
    );
}

describe("renderSearchablePdf", () => {
  it("puts a JPEG in as it is, under an invisible text layer pdftotext reads", async () => {
    const file = await readFile(fixturePath("page-eng.jpg"));
    const { pdf, signatureDropped } = await renderSearchablePdf({ file, mimeType: "image/jpeg", pages: [pageOf(1, 2480, 925)] });
    expect(signatureDropped).toBe(false);
    expect(await pdfPageTexts(pdf)).toEqual([expectedText]);
    const [jpeg] = streamsWithFilter(await PDFDocument.load(pdf), "DCTDecode");
    expect(Buffer.from(jpeg!.getContents()).equals(file)).toBe(true);
    // 300 dpi as the JFIF header says (118 dots per cm).
    const page = (await PDFDocument.load(pdf)).getPage(0);
    expect([page.getWidth(), page.getHeight()]).toEqual([(2480 * 72) / 300, (925 * 72) / 300]);
    await expectCleanPdf(pdf, 1);
  });

  it("makes a PNG and every page of a TIFF searchable", async () => {
    const pngFile = await readFile(fixturePath("page-eng.png"));
    const png = await renderSearchablePdf({ file: pngFile, mimeType: "image/png", pages: [pageOf(1, 2480, 925)] });
    expect(await pdfPageTexts(png.pdf)).toEqual([expectedText]);
    // Its compressed data as it is: a few hundred bytes of PDF around it, nothing decoded and re-encoded.
    expect(png.pdf.byteLength).toBeLessThan(pngFile.byteLength + 4096);
    await expectCleanPdf(png.pdf, 1);
    const tiff = await renderSearchablePdf({
      file: await readFile(fixturePath("three-pages.tiff")),
      mimeType: "image/tiff",
      pages: [1, 2, 3].map((page) => pageOf(page, 2480, 700)),
    });
    expect(await pdfPageTexts(tiff.pdf)).toEqual([expectedText, expectedText, expectedText]);
    await expectCleanPdf(tiff.pdf, 3);
  });

  it("draws a JPEG turned by its EXIF orientation upright", async () => {
    const file = await readFile(fixturePath("rotated-exif.jpg"));
    const { pdf } = await renderSearchablePdf({ file, mimeType: "image/jpeg", pages: [pageOf(1, 2480, 475)] });
    const page = (await PDFDocument.load(pdf)).getPage(0);
    expect(page.getWidth()).toBeGreaterThan(page.getHeight());
    expect(await pdfPageTexts(pdf)).toEqual([expectedText]);
  });

  it("copies a scanned PDF's pages without re-encoding them: at most 10% larger", async () => {
    const file = await readFile(fixturePath("two-pages.pdf"));
    const { pdf } = await renderSearchablePdf({ file, mimeType: "application/pdf", pages: [pageOf(1, 2480, 700), pageOf(2, 2480, 700)] });
    expect(pdf.byteLength).toBeLessThanOrEqual(file.byteLength * 1.1);
    expect(await pdfPageTexts(pdf)).toEqual([expectedText, expectedText]);
    const imagesOf = async (bytes: Uint8Array) =>
      streamsWithFilter(await PDFDocument.load(bytes), "FlateDecode")
        .filter((stream) => stream.dict.get(PDFName.of("Subtype")) === PDFName.of("Image"))
        .map((stream) => Buffer.from(stream.getContents()).toString("base64"))
        .sort();
    expect(await imagesOf(pdf)).toEqual(await imagesOf(file));
    await expectCleanPdf(pdf, 2);
  });

  it("leaves a page that had its own text as it was, and adds a layer to the others", async () => {
    const source = await PDFDocument.create();
    const font = await source.embedFont(StandardFonts.Helvetica);
    source.addPage([612, 792]).drawText("Born digital words here", { x: 72, y: 700, size: 12, font });
    source.addPage([612, 792]);
    const file = await source.save();
    const { pdf } = await renderSearchablePdf({
      file,
      mimeType: "application/pdf",
      pages: [pageOf(1, 1836, 2376, { source: "embedded" }), pageOf(2, 1836, 2376)],
    });
    expect(await pdfPageTexts(pdf)).toEqual(["Born digital words here", expectedText]);
    const output = await PDFDocument.load(pdf);
    const fontsOf = (index: number) =>
      (output.getPage(index).node.Resources()?.lookup(PDFName.of("Font"), PDFDict)?.keys() ?? []).map(String);
    expect(fontsOf(0)).not.toContain("/FOcrflowText");
    expect(fontsOf(1)).toContain("/FOcrflowText");
    await expectCleanPdf(pdf, 2);
  });

  it("honours the page's /Rotate and the rotation OCR read the page at", async () => {
    const source = await PDFDocument.create();
    source.addPage([612, 792]).setRotation({ type: "degrees", angle: 90 } as never);
    source.addPage([612, 792]);
    const file = await source.save();
    // Page 1 is shown landscape (/Rotate 90); page 2 was read turned a half turn.
    const { pdf } = await renderSearchablePdf({
      file,
      mimeType: "application/pdf",
      pages: [pageOf(1, 2376, 1836), pageOf(2, 1836, 2376, { rotation: 180 })],
    });
    expect(await pdfPageTexts(pdf)).toEqual([expectedText, expectedText]);
    await expectCleanPdf(pdf, 2);
  });

  it("says when the input was digitally signed (a signature dictionary with /ByteRange)", async () => {
    const source = await PDFDocument.create();
    source.addPage([612, 792]);
    const signature = source.context.obj({ Type: "Sig", Filter: "Adobe.PPKLite", ByteRange: [0, 10, 20, 30], Contents: PDFString.of("0") });
    source.catalog.set(PDFName.of("OcrflowTestSig"), source.context.register(signature));
    const signed = await renderSearchablePdf({ file: await source.save(), mimeType: "application/pdf", pages: [pageOf(1, 1836, 2376)] });
    expect(signed.signatureDropped).toBe(true);
    expect((await poppler("pdftotext", signed.pdf)).stdout).toContain("quick brown fox");
  });
});
