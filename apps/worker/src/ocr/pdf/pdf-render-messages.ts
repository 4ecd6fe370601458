/**
 * What the worker and its PDF renderer process (pdf-render-child.mjs) say to
 * each other over the IPC channel, one request and one reply at a time.
 */
export type PdfRenderRequest =
  | { type: "open"; filePath: string; scale: PdfRenderScale; maxPagePixels: number }
  | { type: "render"; page: number };

/**
 * A fixed scale for every page (1 = 72 dpi), or each page at the scale its scan
 * is drawn at, within [min, max]: a scan is the largest image drawn over at
 * least `minCoverage` of the page; a page without one is rendered at `min`. A
 * coarser scan is raised to `min` only while the page's longest side stays
 * within `maxRaisedSide` pixels. Either way a page is rendered coarser when the
 * pixel limit asks for it (choose-render-scale.mjs).
 */
export type PdfRenderScale = number | { min: number; max: number; minCoverage: number; maxRaisedSide: number };

export type PdfRenderReply = { type: "opened"; pageCount: number } | { type: "page"; page: number; image: Uint8Array } | PdfRenderFailure;

/**
 * `password`, `unreadable`: the document cannot be opened; `io`: its file cannot
 * be read (`code` is the file-system error's); the others name a page.
 */
export type PdfRenderFailure =
  | { type: "failed"; reason: "password" | "unreadable"; message: string }
  | { type: "failed"; reason: "io"; message: string; code?: string }
  | { type: "failed"; reason: "too-many-pixels"; page: number; width: number; height: number }
  | { type: "failed"; reason: "unrenderable"; page: number; message: string };
