// The PDF renderer process, started by pdf-render-process.ts with plain node:
// pdfjs's heap and the page bitmaps live and die here, outside the worker's
// tsx-loaded process (under tsx's loader pdfjs alone costs the worker ~200 MB).
// It answers one request at a time (pdf-render-messages.ts): open a document,
// then render the pages the worker asks for, each as a PNG.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { encodeGreyPng } from "./encode-grey-png.mjs";
import { chooseRenderScale } from "./choose-render-scale.mjs";
import { findPageScan } from "./find-page-scan.mjs";
import { setPngDensity } from "./set-png-density.mjs";

/** @typedef {import("./pdf-render-messages.ts").PdfRenderRequest} PdfRenderRequest */
/** @typedef {import("./pdf-render-messages.ts").PdfRenderReply} PdfRenderReply */
/** @typedef {import("./pdf-render-messages.ts").PdfRenderScale} PdfRenderScale */

/** @type {{ document: any; OPS: Record<string, number>; scale: PdfRenderScale; maxPagePixels: number } | undefined} */
let opened;

process.on("message", (/** @type {PdfRenderRequest} */ request) => {
  // A failure that is not the document's (pdfjs cannot be loaded): the worker sees the exit as a retryable engine failure.
  answer(request).then(
    (reply) => process.send?.(reply),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
// The worker is gone (it exited or was killed outright): nobody will ask for pages any more.
process.on("disconnect", () => process.exit(0));

/** @returns {Promise<PdfRenderReply>} */
async function answer(/** @type {PdfRenderRequest} */ request) {
  if (request.type === "open") return open(request);
  return render(request.page);
}

/** @returns {Promise<PdfRenderReply>} */
async function open({ filePath, scale, maxPagePixels }) {
  let data;
  try {
    data = new Uint8Array(await readFile(filePath));
  } catch (error) {
    return { type: "failed", reason: "io", message: describe(error), code: error?.code };
  }
  const { pdfjs, wasmUrl } = await loadPdfjs();
  try {
    const document = await pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false, wasmUrl }).promise;
    opened = { document, OPS: pdfjs.OPS, scale, maxPagePixels };
    return { type: "opened", pageCount: document.numPages };
  } catch (error) {
    return { type: "failed", reason: error?.name === "PasswordException" ? "password" : "unreadable", message: describe(error) };
  }
}

/**
 * One page as a PNG, 8-bit grey when it has no colour; its resources (decoded
 * images, fonts) are released once it is rendered, so a long PDF never sits in
 * memory whole.
 * @returns {Promise<PdfRenderReply>}
 */
async function render(/** @type {number} */ pageNumber) {
  if (!opened) return { type: "failed", reason: "unrenderable", page: pageNumber, message: "no document is open" };
  const { document, maxPagePixels } = opened;
  try {
    const page = await document.getPage(pageNumber);
    try {
      const scan = typeof opened.scale === "number" ? undefined : await findScan(page, opened.OPS, opened.scale.minCoverage);
      const { width: pageWidth, height: pageHeight } = page.getViewport({ scale: 1 });
      const scale = chooseRenderScale({ width: pageWidth, height: pageHeight }, scan, opened.scale, maxPagePixels);
      const viewport = page.getViewport({ scale });
      const pixels = Math.round(viewport.width) * Math.round(viewport.height);
      // Checked before rendering: the worker turns this into TOO_MANY_PIXELS (assertPagePixels).
      if (pixels > maxPagePixels) {
        return { type: "failed", reason: "too-many-pixels", page: pageNumber, width: viewport.width, height: viewport.height };
      }
      // Whole pixels, as counted above: at a scan's own scale the canvas then holds the scan's pixels one to one.
      const entry = document.canvasFactory.create(Math.round(viewport.width), Math.round(viewport.height));
      try {
        await page.render({ canvas: entry.canvas, viewport, background: "#ffffff" }).promise;
        // pdfjs draws nothing for an image it cannot decode (it keeps it as null): the page would lose that text.
        // Not counted: a scan looked at for its scale (findScan) is decoded, and kept, twice.
        if ([...page.objs].some(([, data]) => data === null)) {
          return { type: "failed", reason: "unrenderable", page: pageNumber, message: "an image on it cannot be decoded" };
        }
        const { width, height } = entry.canvas;
        const png = encodeGreyPng(entry.canvas.data(), width, height) ?? (await entry.canvas.encode("png"));
        const image = setPngDensity(png, scale * 72);
        return { type: "page", page: pageNumber, image };
      } finally {
        document.canvasFactory.destroy(entry);
      }
    } finally {
      page.cleanup();
    }
  } catch (error) {
    return { type: "failed", reason: "unrenderable", page: pageNumber, message: describe(error) };
  }
}

/**
 * The page's scan (find-page-scan.mjs), which its render scale follows. pdfjs
 * builds the operator list again for the render and decodes the scan twice (its
 * caches are per list): about 0.08 s of CPU per A4 page at 300 dpi, measured.
 * @param {any} page  pdfjs's PDFPageProxy
 * @param {Record<string, number>} OPS
 * @param {number} minCoverage
 */
async function findScan(page, OPS, minCoverage) {
  return findPageScan(await page.getOperatorList(), OPS, page, minCoverage);
}

/**
 * pdfjs-dist's Node build as installed with pdf-to-img (our dependency); the minified builds, without their source maps.
 * `wasmUrl` is the folder of the decoders pdfjs-dist ships and loads on demand (OpenJPEG for JPXDecode, jbig2 for
 * JBIG2Decode): without it pdfjs draws nothing for a JPEG 2000 image (JBIG2 falls back to a slower JavaScript
 * decoder). A file path ending in a slash, which pdfjs's Node file reader takes as it is.
 */
async function loadPdfjs() {
  const fromPdfToImg = createRequire(createRequire(import.meta.url).resolve("pdf-to-img"));
  const pdfjs = await import(pathToFileURL(fromPdfToImg.resolve("pdfjs-dist/legacy/build/pdf.min.mjs")).href);
  pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(fromPdfToImg.resolve("pdfjs-dist/legacy/build/pdf.worker.min.mjs")).href;
  const wasmUrl = `${path.dirname(fromPdfToImg.resolve("pdfjs-dist/wasm/openjpeg.wasm"))}/`;
  return { pdfjs, wasmUrl };
}

function describe(/** @type {unknown} */ error) {
  return error instanceof Error ? error.message : String(error);
}
