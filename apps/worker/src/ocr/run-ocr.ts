import { OcrflowError } from "@ocrflow/shared/errors";
import type { OcrMode } from "@ocrflow/shared/validators";
import { modeReading } from "./modes/mode-reading.ts";
import { makePagePreview } from "./preprocess/page-preview.ts";
import { prepareImage } from "./preprocess/prepare-image.ts";
import { readUpright } from "./orientation/read-upright.ts";
import { readPages } from "./pages/read-pages.ts";
import { DEFAULT_PDF_SCALE } from "./pdf/rasterize-pdf.ts";
import { embeddedPageResult } from "./text-layer/embedded-page-result.ts";
import { chooseEmbeddedPages, type TextLayer } from "./text-layer/choose-embedded-pages.ts";
import type { OcrEngine, OcrResult, PageOcr, PageProgress, PageResult } from "./types.ts";

// Form feed is the page break of pdftotext and of tesseract's own multi-page text output.
export const PAGE_SEPARATOR = "\f";

export type RunOcrInput = {
  filePath: string;
  mimeType: string;
  languages: string[];
  engine: OcrEngine;
  /** Called after each page, in page order, before the next page is read. */
  onPage?: (progress: PageProgress) => Promise<void> | void;
  /** Checked between pages; an aborted run rejects with the signal's reason. */
  signal?: AbortSignal;
  /** 1-based page to resume from: earlier pages are skipped and absent from `pages`. */
  startPage?: number;
  /** PDF render scale (1 = 72 dpi), see rasterize-pdf. */
  pdfScale?: number;
  /** Documents with more pages fail before any page is read. */
  maxPages?: number;
  /** A page with more pixels fails with TOO_MANY_PIXELS before it is decoded. */
  maxPagePixels?: number;
  /** Pages of this document prepared and recognised at once; default: the engine's concurrency. */
  pageConcurrency?: number;
  /** What kind of page to expect (job option `mode`, see mode-reading.ts); default document. */
  mode?: OcrMode;
  /** Also make each page's preview (the web app draws word boxes over it). */
  pagePreviews?: boolean;
  /**
   * PDFs only: `auto` takes a page's own text layer where it is usable, `embedded`
   * takes it for every page (never OCRs), `ocr` (the default here) always OCRs.
   */
  textLayer?: TextLayer;
};

/**
 * OCRs a document page by page, a few pages at a time (one per engine thread),
 * never holding more than those pages' images in memory. Results and `onPage`
 * calls come in page order.
 */
export async function runOcr(input: RunOcrInput): Promise<OcrResult> {
  const { filePath, mimeType, languages, engine, onPage, signal, startPage, pdfScale, maxPages = Number.POSITIVE_INFINITY } = input;
  const startedAt = performance.now();
  signal?.throwIfAborted();
  // Filled once the renderer has opened the document (so its errors come first); read as each page is reached.
  let embedded = new Map<number, PageResult>();
  const source = await readPages(filePath, mimeType, {
    startPage,
    pdfScale,
    maxPagePixels: input.maxPagePixels,
    skipPage: (page) => embedded.has(page),
  });
  if (source.pageCount > maxPages) {
    throw new OcrflowError("TOO_MANY_PAGES", `The document has ${source.pageCount} pages; the limit is ${maxPages}`);
  }
  const textLayer = input.textLayer ?? "ocr";
  if (mimeType === "application/pdf" && textLayer !== "ocr") {
    // Boxes in the pixel space of a page rendered at the default scale, as an OCRed born-digital page's are.
    const chosen = await chooseEmbeddedPages(filePath, { startPage: startPage ?? 1, scale: DEFAULT_PDF_SCALE, textLayer });
    embedded = new Map([...chosen].map(([page, text]) => [page, embeddedPageResult(text)]));
  }
  // A few pages in flight keep every engine thread busy; more would only hold more images in memory.
  const window = Math.max(1, input.pageConcurrency ?? engine.concurrency ?? 1);
  const reading = modeReading(input.mode);
  const recognizePage = async (page: number, image: Buffer): Promise<PageResult> => {
    const prepared = await prepareImage(image);
    if (prepared.blank) {
      const preview = input.pagePreviews ? await makePagePreview(prepared) : undefined;
      return {
        page,
        width: prepared.width,
        height: prepared.height,
        rotation: 0,
        ...blankPageOcr(page, prepared),
        ...(preview ? { preview } : {}),
        source: "ocr",
      };
    }
    // The preview is made on sharp's threads while the engine reads the page; again if the page had to be turned.
    const [upright, firstPreview] = await Promise.all([
      readUpright(
        engine,
        prepared,
        async (pageImage) =>
          reading.keep(await engine.recognize(pageImage, languages, { ...reading.recognize, ...(signal ? { signal } : {}) })),
        (rotation) => prepareImage(image, { rotation }),
      ),
      input.pagePreviews ? makePagePreview(prepared) : undefined,
    ]);
    const preview = upright.rotation === 0 || !input.pagePreviews ? firstPreview : await makePagePreview(upright.prepared);
    const { width, height } = upright.prepared;
    return { page, width, height, rotation: upright.rotation, ...upright.ocr, ...(preview ? { preview } : {}), source: "ocr" };
  };
  const pages: PageResult[] = [];
  const inFlight: Promise<PageResult>[] = [];
  const finishNext = async () => {
    const result = await inFlight.shift()!;
    pages.push(result);
    await onPage?.({ page: result.page, pageCount: source.pageCount, result });
  };
  // Pages taken from the PDF's text layer join the queue in their place, between the OCRed ones.
  let nextEmbedded = startPage ?? 1;
  const queueEmbeddedBefore = async (page: number) => {
    for (; nextEmbedded < page; nextEmbedded += 1) {
      const taken = embedded.get(nextEmbedded);
      if (!taken) continue;
      inFlight.push(Promise.resolve(taken));
      if (inFlight.length >= window) await finishNext();
    }
  };
  for await (const { page, image } of source.pages) {
    signal?.throwIfAborted();
    await queueEmbeddedBefore(page);
    const running = recognizePage(page, image);
    // Awaited in page order below; until then a failure must not count as unhandled.
    running.catch(() => undefined);
    inFlight.push(running);
    if (inFlight.length >= window) await finishNext();
  }
  await queueEmbeddedBefore(source.pageCount + 1);
  while (inFlight.length > 0) {
    signal?.throwIfAborted();
    await finishNext();
  }
  return {
    pageCount: source.pageCount,
    pages,
    text: pages.map((page) => page.text).join(PAGE_SEPARATOR),
    confidence: weightedConfidence(pages),
    processingMs: Math.round(performance.now() - startedAt),
  };
}

/**
 * Mean confidence weighted by each page's word count, so a blank or nearly empty
 * page does not drag a long document's score to zero. 0 when no word was read.
 */
export function weightedConfidence(pages: Pick<PageResult, "confidence" | "words">[]): number {
  const wordCount = pages.reduce((sum, page) => sum + page.words.length, 0);
  if (wordCount === 0) return 0;
  const weighted = pages.reduce((sum, page) => sum + page.confidence * page.words.length, 0);
  return weighted / wordCount;
}

/** What tesseract answers for an empty page, without running it: specks alone can only give garbage. */
function blankPageOcr(page: number, { width, height }: { width: number; height: number }): PageOcr {
  const hocr = `<div class='ocr_page' id='page_${page}' title='image ""; bbox 0 0 ${width} ${height}; ppageno ${page - 1}'>\n</div>\n`;
  return { text: "", confidence: 0, words: [], hocr };
}
