// The worker's image and OCR path in a process of its own (sharp picks its
// build once per process), printing one JSON line: which sharp build ran, why,
// and what came out. `read` runs OCR on the file; `prepare` only prepares its
// first page and makes its preview (no OCR engine, no database client: it runs
// under `node --no-addons`). The sharp fallback test runs it.
import { readFile } from "node:fs/promises";
import { sharpBuild } from "../../apps/worker/src/images/load-sharp.ts";
import { makePagePreview } from "../../apps/worker/src/ocr/preprocess/page-preview.ts";
import { prepareImage } from "../../apps/worker/src/ocr/preprocess/prepare-image.ts";

const [mode, filePath, mimeType] = process.argv.slice(2);
if ((mode !== "read" && mode !== "prepare") || !filePath || !mimeType)
  throw new Error("usage: read-page-child.ts read|prepare FILE MIME_TYPE");

function print(fields: object): void {
  process.stdout.write(`${JSON.stringify({ ...sharpBuild(), ...fields })}\n`);
}

if (mode === "prepare") {
  const prepared = await prepareImage(await readFile(filePath));
  const preview = await makePagePreview(prepared);
  print({ width: prepared.width, height: prepared.height, blank: prepared.blank, previewBytes: preview?.length ?? 0 });
} else {
  const { createOcrEngine } = await import("../../apps/worker/src/ocr/engine/tesseract-js-engine.ts");
  const { runOcr } = await import("../../apps/worker/src/ocr/run-ocr.ts");
  const engine = createOcrEngine({ concurrency: 1 });
  try {
    const result = await runOcr({ filePath, mimeType, languages: ["eng"], engine, pagePreviews: true });
    print({ text: result.text, pages: result.pages.length, previewBytes: result.pages[0]?.preview?.length ?? 0 });
  } finally {
    await engine.terminate();
  }
}
