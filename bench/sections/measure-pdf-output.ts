import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderSearchablePdf } from "../../apps/api/src/results/render-searchable-pdf.ts";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import { makeTestPdf } from "../../tests/support/test-pdfs.ts";

const LINE = "The quarterly report lists revenue, costs and the outlook for 2027.";

export type PdfOutputRun = { pages: number; autoSeconds: number; ocrSeconds: number; scanInputBytes: number; scanOutputBytes: number };

/**
 * A born-digital PDF of `pages` pages (30 lines each) read with textLayer auto
 * (its own text taken) and ocr (every page rendered and OCRed), and the
 * searchable PDF of a scanned PDF (the two-page fixture) against its size.
 */
export async function measurePdfOutput(pages: number, scanPdf: string): Promise<PdfOutputRun> {
  const dir = await mkdtemp(path.join(tmpdir(), "ocrflow-bench-pdf-"));
  const engine = createOcrEngine({ concurrency: 1 });
  try {
    const filePath = path.join(dir, "born-digital.pdf");
    await writeFile(filePath, await makeTestPdf(Array.from({ length: pages }, () => ({ lines: Array.from({ length: 30 }, () => LINE) }))));
    const timed = async (textLayer: "auto" | "ocr") => {
      const started = performance.now();
      await runOcr({ filePath, mimeType: "application/pdf", languages: ["eng"], engine, textLayer });
      return (performance.now() - started) / 1000;
    };
    await engine.warmUp(["eng"]);
    const autoSeconds = await timed("auto");
    const ocrSeconds = await timed("ocr");
    const scan = await readFile(scanPdf);
    const read = await runOcr({ filePath: scanPdf, mimeType: "application/pdf", languages: ["eng"], engine, textLayer: "auto" });
    const { pdf } = await renderSearchablePdf({ file: scan, mimeType: "application/pdf", pages: read.pages });
    return { pages, autoSeconds, ocrSeconds, scanInputBytes: scan.byteLength, scanOutputBytes: pdf.byteLength };
  } finally {
    await engine.terminate();
    await rm(dir, { recursive: true, force: true });
  }
}
