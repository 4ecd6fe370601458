// The embedded-text reader process, started by read-embedded-text.ts with plain
// node (like the PDF renderer): pdfjs's heap stays out of the worker. It gets one
// request, answers the words of the PDF's own text layer page by page (one
// message each, so a long document is never held whole), then exits.
import { readFile } from "node:fs/promises";
import { loadPdfjs } from "./load-pdfjs.mjs";
import { textItemsToWords } from "./text-items-to-words.mjs";

process.once("message", (/** @type {{ filePath: string; startPage: number; scale: number }} */ request) => {
  read(request).then(
    () => process.disconnect?.(),
    (error) => {
      process.send?.({ type: "failed", message: error instanceof Error ? error.message : String(error) }, () => process.exit(0));
    },
  );
});
process.on("disconnect", () => process.exit(0));

async function read({ filePath, startPage, scale }) {
  const data = new Uint8Array(await readFile(filePath));
  const pdfjs = await loadPdfjs();
  const document = await pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
  for (let number = startPage; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    try {
      const viewport = page.getViewport({ scale });
      const content = await page.getTextContent();
      const words = textItemsToWords(content.items, viewport.transform);
      await send({ type: "page", page: number, width: Math.round(viewport.width), height: Math.round(viewport.height), words });
    } finally {
      page.cleanup();
    }
  }
  await send({ type: "done" });
}

function send(message) {
  return new Promise((resolve, reject) => process.send?.(message, (error) => (error ? reject(error) : resolve(undefined))));
}
