import { EncryptedPDFError, PDFDict, PDFDocument, PDFName, type PDFPage, type PDFRef, degrees } from "pdf-lib";
import { OcrflowError } from "@ocrflow/shared/errors";
import { embedPngAsIs } from "./embed-png-as-is.ts";
import { embedGlyphlessFont } from "./glyphless-font.ts";
import { type LayerWord, invisibleTextLayer, normalRotation } from "./invisible-text-layer.ts";
import { type PageImage, readPageImages } from "./read-page-images.ts";

const FONT_NAME = "FOcrflowText";

/** A result page as the searchable PDF needs it (the result JSON's page, with its optional `rotation`). */
export type SearchablePage = {
  page: number;
  width: number;
  height: number;
  words: readonly LayerWord[];
  /** `embedded`: the page's own text layer was used; it is kept as it is, with nothing added. */
  source?: "ocr" | "embedded";
  /** Degrees clockwise the page was turned to be read upright (absent: 0); the words are in the turned page's space. */
  rotation?: number;
};

export type SearchablePdf = {
  pdf: Uint8Array;
  /** The input PDF was digitally signed: the searchable PDF is a new file and carries no signature. */
  signatureDropped: boolean;
};

/**
 * The searchable PDF of a result: the original pages with an invisible text
 * layer on the OCRed words. A PDF's pages are copied as they are (their
 * images never re-encoded); an image becomes one page per image page (JPEG
 * as it is, PNG as PNG). The original file is never changed.
 */
export async function renderSearchablePdf(input: {
  file: Uint8Array;
  mimeType: string;
  pages: readonly SearchablePage[];
}): Promise<SearchablePdf> {
  const output = await PDFDocument.create({ updateMetadata: false });
  output.setProducer("ocrflow");
  let signatureDropped = false;
  let placed: { page: PDFPage; rotation: number }[];
  if (input.mimeType === "application/pdf") {
    const source = await loadPdf(input.file);
    signatureDropped = hasSignature(source);
    const copied = await output.copyPages(source, source.getPageIndices());
    placed = copied.map((page) => ({ page: output.addPage(page), rotation: page.getRotation().angle }));
  } else {
    placed = [];
    for (const image of await readPageImages(input.file, input.mimeType, input.pages.length))
      placed.push(await addImagePage(output, image));
  }
  let font: PDFRef | undefined;
  for (const result of input.pages) {
    const target = placed[result.page - 1];
    if (!target || result.source === "embedded" || result.words.length === 0) continue;
    font ??= embedGlyphlessFont(output);
    const box = target.page.getCropBox();
    const layer = invisibleTextLayer(
      result.words,
      { width: result.width, height: result.height, box, rotation: target.rotation + (result.rotation ?? 0) },
      FONT_NAME,
    );
    addLayer(output, target.page, layer, font);
  }
  return { pdf: await output.save(), signatureDropped };
}

async function loadPdf(file: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(file, { updateMetadata: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) {
      throw new OcrflowError("PASSWORD_PROTECTED", "The PDF is encrypted: no searchable copy of it can be written");
    }
    throw new OcrflowError("CORRUPT_FILE", `The PDF cannot be copied: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A signature dictionary (with /ByteRange) anywhere in the document, as signed PDFs have. */
function hasSignature(pdf: PDFDocument): boolean {
  return pdf.context.enumerateIndirectObjects().some(([, object]) => object instanceof PDFDict && object.has(PDFName.of("ByteRange")));
}

/**
 * The text layer drawn after the page's own content, which is wrapped in q/Q so
 * whatever graphics state it leaves behind does not move the text.
 */
function addLayer(pdf: PDFDocument, page: PDFPage, layer: string, font: PDFRef): void {
  const { context } = pdf;
  page.node.wrapContentStreams(context.register(context.stream("q\n")), context.register(context.stream("\nQ\n")));
  page.node.setFontDictionary(PDFName.of(FONT_NAME), font);
  page.node.addContentStream(context.register(context.flateStream(layer)));
}

/** A page the size of the image at its resolution, the image drawn upright (its EXIF orientation applied). */
async function addImagePage(pdf: PDFDocument, image: PageImage): Promise<{ page: PDFPage; rotation: number }> {
  const asIs = image.kind === "png" ? embedPngAsIs(pdf, image.bytes) : undefined;
  if (asIs) {
    const page = pdf.addPage([(asIs.width * 72) / image.dpi, (asIs.height * 72) / image.dpi]);
    page.node.setXObject(PDFName.of("ImOcrflowPage"), asIs.ref);
    page.node.addContentStream(
      pdf.context.register(pdf.context.stream(`q ${page.getWidth()} 0 0 ${page.getHeight()} 0 0 cm /ImOcrflowPage Do Q\n`)),
    );
    return { page, rotation: 0 };
  }
  const embedded = image.kind === "jpeg" ? await pdf.embedJpg(image.bytes) : await pdf.embedPng(image.bytes);
  const width = (embedded.width * 72) / image.dpi;
  const height = (embedded.height * 72) / image.dpi;
  const turn = normalRotation(image.clockwise);
  const sideways = turn % 180 !== 0;
  const page = pdf.addPage(sideways ? [height, width] : [width, height]);
  const [pageWidth, pageHeight] = [page.getWidth(), page.getHeight()];
  // pdf-lib turns the image counter-clockwise about (x, y): the corner that keeps it on the page.
  const origin = { 0: [0, 0], 90: [0, pageHeight], 180: [pageWidth, pageHeight], 270: [pageWidth, 0] }[turn];
  page.drawImage(embedded, { x: origin[0]!, y: origin[1]!, width, height, rotate: degrees(-turn) });
  return { page, rotation: 0 };
}
