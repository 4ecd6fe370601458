import type { JobPage } from "@ocrflow/shared/db";

/** A stored page as the result JSON gives each of its pages (API.md's ResultPage). */
export function jobPageJson(page: JobPage) {
  return {
    page: page.page,
    text: page.text,
    confidence: page.confidence,
    width: page.width,
    height: page.height,
    rotation: page.rotation,
    words: JSON.parse(page.words) as unknown[],
    source: page.source === "embedded" ? ("embedded" as const) : ("ocr" as const),
  };
}
