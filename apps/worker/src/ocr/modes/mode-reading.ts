import type { OcrMode } from "@ocrflow/shared/validators";
import { keepFigureLabels } from "./keep-figure-labels.ts";
import type { PageOcr, RecognizeOptions } from "../types.ts";

/** How a job's `mode` reads a page: the engine's layout, and what is kept of its read. */
export type ModeReading = { recognize: RecognizeOptions; keep: (ocr: PageOcr) => PageOcr };

const asRead = (ocr: PageOcr) => ocr;

/**
 * document: a page's layout (columns, paragraphs). general: sparse text
 * anywhere, no page assumed. figure: sparse text, labels only (line art
 * dropped). handwritten: no engine here reads handwriting well; the document
 * pipeline runs and the result says so (`handwriting: "unsupported-engine"`).
 */
export function modeReading(mode: OcrMode = "document"): ModeReading {
  switch (mode) {
    case "general":
      return { recognize: { layout: "sparse" }, keep: asRead };
    case "figure":
      return { recognize: { layout: "sparse" }, keep: keepFigureLabels };
    default:
      return { recognize: { layout: "page" }, keep: asRead };
  }
}
