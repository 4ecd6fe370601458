import { createHash, randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { createOcrEngine, TESSERACT_JS } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import type { OcrEngine, PageOcr } from "../../apps/worker/src/ocr/types.ts";
import { ocrModelIdentity } from "../../packages/shared/src/model-identity.ts";

export interface CannedEngineOptions {
  /** Where the pages read so far in this test run are kept (one JSON file per image and language set). */
  dir: string;
  /** Pages recognised at once, as the real engine's concurrency. */
  concurrency: number;
  tessdataDir?: string;
}

/**
 * The OCR engine of lifecycle tests (cancel, retry, resume, events, webhooks,
 * batches, priority, locks...): it answers each page with what tesseract.js
 * read from the very same image and options, read once per test run and kept
 * in `dir`, so those tests never wait on OCR they are not about, and still get
 * real text. An image not read before in the run is read by a real
 * tesseract.js engine, started only then.
 */
export function createCannedEngine(options: CannedEngineOptions): OcrEngine {
  let real: OcrEngine | undefined;
  const realEngine = () => {
    real ??= createOcrEngine({ concurrency: options.concurrency, tessdataDir: options.tessdataDir });
    return real;
  };

  return {
    concurrency: options.concurrency,
    async warmUp() {},
    async modelIdentity(languages) {
      return ocrModelIdentity(TESSERACT_JS, languages, options.tessdataDir);
    },
    async recognize(image, languages, ...rest) {
      const key = createHash("sha256")
        .update(image)
        .update(JSON.stringify([languages, rest]))
        .digest("hex");
      const file = path.join(options.dir, `${key}.json`);
      const canned = await readFile(file, "utf8").then(
        (text) => JSON.parse(text) as PageOcr,
        () => undefined,
      );
      if (canned) return canned;
      const page = await (realEngine().recognize as (...args: unknown[]) => Promise<PageOcr>)(image, languages, ...rest);
      // Written whole or not at all: another test process may read it at once.
      const partial = `${file}.${randomUUID()}`;
      await writeFile(partial, JSON.stringify(page));
      await rename(partial, file);
      return page;
    },
    async terminate() {
      await real?.terminate();
    },
  };
}
