import { openPdfRenderer } from "./pdf-render-process.ts";
import type { PdfRenderScale } from "./pdf-render-messages.ts";
import { MAX_UPSCALED_SIDE } from "../preprocess/prepare-image.ts";
import type { PageImage, PageSource } from "../types.ts";

/**
 * Scale 3 renders at 216 dpi: body text gets the 20-30 px x-height tesseract's LSTM
 * reads best, at about half the pixels and OCR time of 300 dpi (A4: 1786x2526 px,
 * an 18 MB RGBA canvas). Pages without a scan (born-digital text) are rendered so.
 */
export const DEFAULT_PDF_SCALE = 3;

/**
 * Unless a scale is set, a scanned page (one image over at least half of it) is
 * rendered at its scan's resolution, so the scan is not resampled: a 300 dpi scan
 * downsampled to 216 dpi lost letters (the benchmark's "know" read as "Know").
 * At least 216 dpi (prepare-image.ts scales up no page of 200 dpi or more) while
 * the page stays within the sides prepare-image.ts scales up to (a poster's coarse
 * scan is rendered at its own resolution), at most 300 dpi (a 600 dpi scan at its
 * own would cost 4x the pixels and OCR time). A4 at 300 dpi: 2480x3508 px, a 35 MB
 * RGBA canvas. A page past the pixel limit is rendered coarser, down to 150 dpi or
 * its scan's own resolution (choose-render-scale.mjs).
 */
const SCAN_SCALE: PdfRenderScale = { min: DEFAULT_PDF_SCALE, max: 300 / 72, minCoverage: 0.5, maxRaisedSide: MAX_UPSCALED_SIDE };

// A source whose pages nobody starts reading by then (a caller that refuses the
// document for its page count) gives its renderer process back; reading later reopens it.
const DEFAULT_UNREAD_CLOSE_MS = 10_000;

/**
 * Opens a PDF and renders its pages as PNGs (their resolution recorded) one at a
 * time, from `startPage` on, at `scale` (1 = 72 dpi) when set, else as SCAN_SCALE
 * says, in a renderer process of its own (pdf-render-process.ts) that renders a
 * page only when the reader asks for it. The renderer stops when the pages have been
 * read or the reader stops early (an aborted job).
 */
export async function rasterizePdf(
  filePath: string,
  options: {
    scale?: number;
    startPage?: number;
    maxPagePixels?: number;
    unreadCloseMs?: number;
    skipPage?: (page: number) => boolean;
  } = {},
): Promise<PageSource> {
  const { scale, startPage = 1, maxPagePixels = Number.POSITIVE_INFINITY, unreadCloseMs = DEFAULT_UNREAD_CLOSE_MS } = options;
  const settings = { scale: scale ?? SCAN_SCALE, maxPagePixels };
  const renderer = await openPdfRenderer(filePath, settings);
  const unread = setTimeout(() => void renderer.close(), unreadCloseMs).unref();
  const pageCount = renderer.pageCount;

  async function* renderPages(): AsyncGenerator<PageImage> {
    clearTimeout(unread);
    const open = renderer.closed ? await openPdfRenderer(filePath, settings) : renderer;
    try {
      for (let page = startPage; page <= pageCount; page += 1) {
        if (options.skipPage?.(page)) continue;
        yield { page, image: await open.renderPage(page) };
      }
    } finally {
      await open.close();
    }
  }
  return { pageCount, pages: { [Symbol.asyncIterator]: renderPages } };
}
