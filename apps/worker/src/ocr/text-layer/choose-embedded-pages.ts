import { OcrflowError } from "@ocrflow/shared/errors";
import type { TextLayer } from "@ocrflow/shared/validators";
import { type EmbeddedPage, readEmbeddedText } from "./read-embedded-text.ts";
import { isUsableTextLayer } from "./usable-text-layer.ts";

export type { TextLayer };

/**
 * The PDF pages whose own text is taken instead of OCR: with `auto` those whose
 * text layer is usable (usable-text-layer.ts), with `embedded` every page (one
 * without text gives no words). With `auto`, a text layer pdfjs cannot read
 * leaves every page to OCR.
 */
export async function chooseEmbeddedPages(
  filePath: string,
  options: { startPage: number; scale: number; textLayer: Exclude<TextLayer, "ocr"> },
): Promise<Map<number, EmbeddedPage>> {
  let pages: Map<number, EmbeddedPage>;
  try {
    pages = await readEmbeddedText(filePath, options);
  } catch (error) {
    if (options.textLayer === "auto") return new Map();
    throw new OcrflowError("CORRUPT_FILE", error instanceof Error ? error.message : String(error));
  }
  if (options.textLayer === "embedded") return pages;
  return new Map([...pages].filter(([, page]) => isUsableTextLayer(page.words)));
}
