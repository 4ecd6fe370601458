import { readFile } from "node:fs/promises";

export type PageSize = { width: number; height: number };

// Sizes never change for a stored document; a poller asks for the same few again and again.
const MAX_CACHED = 100;

export type ReadPdfPageSizes = (documentId: string, filePath: string) => Promise<PageSize[]>;

/**
 * Each page's size in inches (as a viewer shows it: crop box, rotation
 * applied), read with pdfjs. Loaded on first use only, as it is large and
 * only PDF results of the Azure-compatible routes need it. Cached per document.
 */
export function createPdfPageSizeReader(): ReadPdfPageSizes {
  const cache = new Map<string, PageSize[]>();
  return async (documentId, filePath) => {
    const known = cache.get(documentId);
    if (known) return known;
    const sizes = await readPageSizes(filePath);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(documentId, sizes);
    return sizes;
  };
}

async function readPageSizes(filePath: string): Promise<PageSize[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const data = new Uint8Array(await readFile(filePath));
  const document = await pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
  try {
    const sizes: PageSize[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const viewport = (await document.getPage(number)).getViewport({ scale: 1 });
      sizes.push({ width: viewport.width / 72, height: viewport.height / 72 });
    }
    return sizes;
  } finally {
    await document.destroy();
  }
}
