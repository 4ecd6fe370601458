/** Types of choose-render-scale.mjs (plain JavaScript: the PDF renderer process runs without tsx). */
import type { PdfRenderScale } from "./pdf-render-messages.ts";

export const LOWEST_SCALE: number;
export function chooseRenderScale(
  page: { width: number; height: number },
  scan: { dpi: number } | undefined,
  setting: PdfRenderScale,
  maxPagePixels: number,
): number;
