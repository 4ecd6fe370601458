export const ALTO_NAMESPACE = "http://www.loc.gov/standards/alto/ns-v4#";

type AltoWord = {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
  block?: number;
  line?: number;
};

export interface AltoInput {
  /** The document's file name (sourceImageInformation). */
  title: string;
  /** Pages as stored: words with boxes in the page's `width` x `height` pixels. */
  pages: readonly { page: number; width: number; height: number; words: readonly AltoWord[] }[];
}

type Box = { x0: number; y0: number; x1: number; y1: number };

/**
 * A result as ALTO v4 XML, as libraries and archives load it: per page a
 * PrintSpace of TextBlocks of TextLines of Strings, each with its position in
 * pixels (HPOS VPOS WIDTH HEIGHT) and, for words, the confidence as WC (0-1).
 * Words are grouped by their block and line numbers (runs of equal numbers).
 */
export function renderAlto({ title, pages }: AltoInput): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alto xmlns="${ALTO_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ALTO_NAMESPACE} http://www.loc.gov/standards/alto/v4/alto-4-4.xsd">`,
    "  <Description>",
    "    <MeasurementUnit>pixel</MeasurementUnit>",
    `    <sourceImageInformation><fileName>${escapeXml(title)}</fileName></sourceImageInformation>`,
    '    <OCRProcessing ID="OCR_0"><ocrProcessingStep><processingSoftware><softwareName>ocrflow</softwareName></processingSoftware></ocrProcessingStep></OCRProcessing>',
    "  </Description>",
    "  <Layout>",
  ];
  for (const { page, width, height, words } of pages) {
    out.push(`    <Page ID="page_${page}" PHYSICAL_IMG_NR="${page}" WIDTH="${width}" HEIGHT="${height}">`);
    out.push(`      <PrintSpace HPOS="0" VPOS="0" WIDTH="${width}" HEIGHT="${height}">`);
    groupRuns(words, (word) => word.block).forEach((block, blockIndex) => {
      const blockId = `block_${page}_${blockIndex + 1}`;
      out.push(`        <TextBlock ID="${blockId}" ${position(unionOf(block))}>`);
      groupRuns(block, (word) => word.line).forEach((line, lineIndex) => {
        out.push(`          <TextLine ID="line_${page}_${blockIndex + 1}_${lineIndex + 1}" ${position(unionOf(line))}>`);
        const strings = line.map(
          (word) =>
            `            <String ${position(word.bbox)} WC="${wordConfidence(word.confidence)}" CONTENT="${escapeXml(word.text)}"/>`,
        );
        out.push(strings.join("\n            <SP/>\n"));
        out.push("          </TextLine>");
      });
      out.push("        </TextBlock>");
    });
    out.push("      </PrintSpace>", "    </Page>");
  }
  out.push("  </Layout>", "</alto>", "");
  return out.join("\n");
}

/** Runs of consecutive items with the same key (items without one, undefined, run together). */
function groupRuns<T>(items: readonly T[], key: (item: T) => number | undefined): T[][] {
  const groups: T[][] = [];
  let last: number | undefined | null = null;
  for (const item of items) {
    const current = key(item);
    if (groups.length === 0 || current !== last) groups.push([item]);
    else groups.at(-1)!.push(item);
    last = current;
  }
  return groups;
}

function unionOf(words: readonly { bbox: Box }[]): Box {
  return {
    x0: Math.min(...words.map((word) => word.bbox.x0)),
    y0: Math.min(...words.map((word) => word.bbox.y0)),
    x1: Math.max(...words.map((word) => word.bbox.x1)),
    y1: Math.max(...words.map((word) => word.bbox.y1)),
  };
}

function position({ x0, y0, x1, y1 }: Box): string {
  return `HPOS="${x0}" VPOS="${y0}" WIDTH="${Math.max(0, x1 - x0)}" HEIGHT="${Math.max(0, y1 - y0)}"`;
}

/** ALTO's WC is 0-1; ours are 0-100. */
function wordConfidence(confidence: number): string {
  return String(Math.round(Math.min(100, Math.max(0, confidence)) * 10) / 1000);
}

/** Whether XML 1.0 allows the code point at all (no controls other than tab, newline, return; no lone surrogates; no U+FFFE/FFFF). */
function isXmlChar(char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
}

export function escapeXml(text: string): string {
  return [...text]
    .filter(isXmlChar)
    .join("")
    .replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[char]!);
}
