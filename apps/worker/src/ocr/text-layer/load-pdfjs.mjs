import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** pdfjs-dist's Node build as installed with pdf-to-img (our dependency), as the PDF renderer loads it. */
export async function loadPdfjs() {
  const fromPdfToImg = createRequire(createRequire(import.meta.url).resolve("pdf-to-img"));
  const pdfjs = await import(pathToFileURL(fromPdfToImg.resolve("pdfjs-dist/legacy/build/pdf.min.mjs")).href);
  pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(fromPdfToImg.resolve("pdfjs-dist/legacy/build/pdf.worker.min.mjs")).href;
  return pdfjs;
}
