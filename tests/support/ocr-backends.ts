import { createConfiguredEngine } from "../../apps/worker/src/ocr/engine/create-configured-engine.ts";
import { probeTesseract } from "../../packages/shared/src/ocr-backend/probe-tesseract.ts";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";

export type OcrBackendCase = { backend: "tesseract.js" | "tesseract-native"; createEngine: () => Promise<OcrEngine> };

/**
 * The backends the accuracy tests read with (`describe.each`): tesseract.js
 * always, native tesseract where a tesseract >= 5 with English is installed
 * (scripts/test.sh installs Debian's), each with one page at a time.
 */
export async function listOcrBackends(): Promise<OcrBackendCase[]> {
  const cases: OcrBackendCase[] = [{ backend: "tesseract.js", createEngine: async () => createOcrEngine({ concurrency: 1 }) }];
  const probe = await probeTesseract("tesseract");
  if (probe.found && probe.tesseract.major >= 5 && probe.tesseract.languages.includes("eng")) {
    cases.push({
      backend: "tesseract-native",
      createEngine: async () =>
        (
          await createConfiguredEngine({
            setting: "tesseract-native",
            tesseractBinary: "tesseract",
            startLanguages: ["eng"],
            concurrency: 1,
          })
        ).engine,
    });
  }
  return cases;
}
