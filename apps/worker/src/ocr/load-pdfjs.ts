import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** The part of pdfjs-dist's API the rasteriser uses. */
export type PdfjsPage = {
  getViewport(options: { scale: number }): { width: number; height: number };
  render(options: { canvas: PdfjsCanvas; viewport: unknown; background?: string }): { promise: Promise<void> };
  cleanup(): boolean;
};
export type PdfjsCanvas = { encode(format: "png"): Promise<Buffer> };
export type PdfjsDocument = {
  numPages: number;
  getPage(page: number): Promise<PdfjsPage>;
  canvasFactory: { create(width: number, height: number): { canvas: PdfjsCanvas }; destroy(entry: unknown): void };
  destroy(): Promise<void>;
};
export type Pdfjs = {
  getDocument(params: Record<string, unknown>): { promise: Promise<PdfjsDocument> };
  GlobalWorkerOptions: { workerSrc: string };
};

/**
 * pdfjs-dist's Node build as installed with pdf-to-img (our dependency), driven
 * directly so each page's decoded images are freed once it is rendered.
 */
export async function loadPdfjs(): Promise<Pdfjs> {
  const fromHere = createRequire(import.meta.url);
  const fromPdfToImg = createRequire(fromHere.resolve("pdf-to-img"));
  // The minified builds: the full ones carry 8 MB of source maps, and under tsx
  // (which turns source maps on) loading them cost the worker ~300 MB of memory.
  const pdfjs = (await import(pathToFileURL(fromPdfToImg.resolve("pdfjs-dist/legacy/build/pdf.min.mjs")).href)) as Pdfjs;
  pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(fromPdfToImg.resolve("pdfjs-dist/legacy/build/pdf.worker.min.mjs")).href;
  return pdfjs;
}
