import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomLines, seededRandom } from "./random-text.ts";
import { addScanNoise, encodePng, encodeTiff16, lowerResolution, type RawPage, renderPage, skewPage } from "./render-page.ts";
import { writePdf } from "./write-pdf.ts";

/** One file the service gets; `nativeInputs` are what native tesseract reads for the same pages. */
export type CorpusDocument = {
  name: string;
  kind: string;
  file: string;
  mimeType: string;
  /** The text each page was drawn with. */
  expected: string[];
  nativeInputs: string[];
};

export type Corpus = { dir: string; documents: CorpusDocument[]; longPdf: string; longPdfPages: number };

// Bump when the pages change, so a stale .corpus folder is rebuilt.
const CORPUS_VERSION = 1;
const FONTS = ["DejaVu Sans", "DejaVu Serif", "Nimbus Roman", "Nimbus Sans"];
const LINES_PER_PAGE = 26;
const SKEW_DEGREES = [3, -4, 2, -5];
const LOW_DPI = [150, 150, 120, 120];
const LONG_PDF_PAGES = 50;

/** Builds the benchmark corpus in `dir` (or reuses it when already built by this version). */
export async function makeCorpus(dir: string): Promise<Corpus> {
  const manifestPath = path.join(dir, "manifest.json");
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    if (manifest.version === CORPUS_VERSION) return manifest.corpus;
  }
  await mkdir(dir, { recursive: true });
  const random = seededRandom(20_261_127);
  const documents: CorpusDocument[] = [];
  let pageNumber = 0;
  const nextPage = async () => {
    const lines = randomLines(random, LINES_PER_PAGE);
    const page = await renderPage(lines, FONTS[pageNumber % FONTS.length]!);
    pageNumber += 1;
    return { lines, page };
  };
  const addImage = async (kind: string, index: number, page: RawPage, lines: string[]) => {
    const file = path.join(dir, `${kind}-${index + 1}.png`);
    await writeFile(file, await encodePng(page));
    documents.push({ name: path.basename(file), kind, file, mimeType: "image/png", expected: [lines.join("\n")], nativeInputs: [file] });
  };

  for (let i = 0; i < 4; i += 1) {
    const clean = await nextPage();
    await addImage("clean", i, clean.page, clean.lines);
    const noisy = await nextPage();
    await addImage("noisy", i, addScanNoise(noisy.page, 100 + i), noisy.lines);
    const skewed = await nextPage();
    await addImage("skewed", i, await skewPage(skewed.page, SKEW_DEGREES[i]!), skewed.lines);
    const low = await nextPage();
    await addImage("low-res", i, await lowerResolution(low.page, LOW_DPI[i]!), low.lines);
  }
  const blank = await renderPage([], FONTS[0]!);
  await addImage("noisy-blank", 0, addScanNoise(blank, 999), []);
  documents.push(await makeMultiPage(dir, "pdf", 4, nextPage));
  documents.push(await makeMultiPage(dir, "tiff-16bit", 4, nextPage));

  const longPdf = path.join(dir, "long-50-pages.pdf");
  const longPages = await Promise.all(
    Array.from({ length: LONG_PDF_PAGES }, (_, i) => renderPage(randomLines(seededRandom(i), 8), FONTS[i % FONTS.length]!)),
  );
  await writeFile(longPdf, writePdf(longPages));

  const corpus: Corpus = { dir, documents, longPdf, longPdfPages: LONG_PDF_PAGES };
  await writeFile(manifestPath, JSON.stringify({ version: CORPUS_VERSION, corpus }, null, 1));
  return corpus;
}

/** A 4-page PDF (native reads the page images it embeds) or 16-bit multi-page TIFF (native reads the TIFF). */
async function makeMultiPage(
  dir: string,
  kind: "pdf" | "tiff-16bit",
  count: number,
  nextPage: () => Promise<{ lines: string[]; page: RawPage }>,
): Promise<CorpusDocument> {
  const made = [];
  for (let i = 0; i < count; i += 1) made.push(await nextPage());
  const expected = made.map(({ lines }) => lines.join("\n"));
  if (kind === "tiff-16bit") {
    const file = path.join(dir, "multi-page-16bit.tiff");
    await writeFile(file, await encodeTiff16(made.map(({ page }) => page)));
    return { name: path.basename(file), kind, file, mimeType: "image/tiff", expected, nativeInputs: [file] };
  }
  const file = path.join(dir, "multi-page.pdf");
  await writeFile(file, writePdf(made.map(({ page }) => page)));
  const nativeInputs = await Promise.all(
    made.map(async ({ page }, i) => {
      const pagePath = path.join(dir, `pdf-page-${i + 1}.png`);
      await writeFile(pagePath, await encodePng(page));
      return pagePath;
    }),
  );
  return { name: path.basename(file), kind, file, mimeType: "application/pdf", expected, nativeInputs };
}
