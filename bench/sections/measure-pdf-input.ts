import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import { FIXTURES_DIR } from "../../tests/ocr/ocr-fixtures.ts";
import { type GreyScan, posterScan, readGreyScan, writeImageFormPdf } from "../../tests/support/pdf-image-forms.ts";
import { characterErrorRate } from "../lib/error-rates.ts";

const run = promisify(execFile);
// The worker's default MAX_PAGE_PIXELS (packages/shared/src/env.ts).
const MAX_PAGE_PIXELS = 100_000_000;

export type PdfInputRow = {
  name: string;
  ocrflow: { cer?: number; seconds: number; cpuSeconds: number; error?: string };
  native: { cer: number; seconds: number; cpuSeconds: number; dpi: number };
};

/**
 * PDFs whose scans used to fail: page-eng.png (300 dpi) as JPEG 2000, and a
 * poster, 25 x 50 inches, holding an 8 MP scan (80 dpi) with the same text.
 * ocrflow reads each with the worker's pipeline (runOcr, one tesseract.js
 * thread, default pixel limit); native tesseract reads the page pdftoppm renders
 * at the scan's resolution, with the same model (`modelDir`). CPU seconds count
 * this process and its finished children (the PDF renderer, pdftoppm, tesseract).
 */
export async function measurePdfInput(modelDir: string): Promise<PdfInputRow[]> {
  const expected = JSON.parse(await readFile(path.join(FIXTURES_DIR, "expected.json"), "utf8"))["page-eng.png"].join("\n") as string;
  const text = await readGreyScan(path.join(FIXTURES_DIR, "page-eng.png"), 300);
  const cases: { name: string; scan: GreyScan; form: "jpx" | "jpeg" }[] = [
    { name: "JPEG 2000 scan, 8.3 x 3.1 in at 300 dpi", scan: text, form: "jpx" },
    {
      name: "poster 25 x 50 in, 8 MP JPEG scan at 80 dpi",
      // The text's left 1500 px (all of it) in the middle of the poster's 2000 x 4000.
      scan: await posterScan(await readGreyScan(path.join(FIXTURES_DIR, "page-eng.png"), 300, 1500), 2000, 4000, 80),
      form: "jpeg",
    },
  ];
  const dir = await mkdtemp(path.join(tmpdir(), "ocrflow-bench-pdfs-"));
  const engine = createOcrEngine({ concurrency: 1 });
  try {
    await engine.warmUp(["eng"]);
    const rows: PdfInputRow[] = [];
    for (const [index, { name, scan, form }] of cases.entries()) {
      const file = path.join(dir, `case-${index}.pdf`);
      await writeFile(file, await writeImageFormPdf(form, scan));
      const ocrflow = await timed(async () => {
        try {
          const result = await runOcr({
            filePath: file,
            mimeType: "application/pdf",
            languages: ["eng"],
            engine,
            maxPagePixels: MAX_PAGE_PIXELS,
          });
          return { cer: characterErrorRate(expected, result.text) };
        } catch (error) {
          return { error: (error as { code?: string }).code ?? String(error) };
        }
      });
      const native = await timed(async () => {
        const prefix = path.join(dir, `native-${index}`);
        await run("pdftoppm", ["-r", String(scan.dpi), "-gray", "-png", "-singlefile", file, prefix]);
        const { stdout } = await run("tesseract", [`${prefix}.png`, "-", "-l", "eng", "--tessdata-dir", modelDir], {
          env: { ...process.env, OMP_THREAD_LIMIT: "1" },
          maxBuffer: 16 * 1024 * 1024,
        });
        return { cer: characterErrorRate(expected, stdout), dpi: scan.dpi };
      });
      rows.push({ name, ocrflow, native });
    }
    return rows;
  } finally {
    await engine.terminate();
    await rm(dir, { recursive: true, force: true });
  }
}

async function timed<T>(work: () => Promise<T>): Promise<T & { seconds: number; cpuSeconds: number }> {
  const cpuBefore = await cpuSecondsWithChildren();
  const started = performance.now();
  const value = await work();
  return { ...value, seconds: (performance.now() - started) / 1000, cpuSeconds: (await cpuSecondsWithChildren()) - cpuBefore };
}

/** CPU time of this process (all its threads) and of its finished children, in seconds. */
async function cpuSecondsWithChildren(): Promise<number> {
  const stat = await readFile("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime: fields 14-17 of stat, in clock ticks.
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}
