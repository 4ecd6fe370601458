import { z } from "zod";
import { OCR_ENGINE_SETTINGS } from "./choose-engine.ts";

/**
 * The variables that choose the OCR backend, read by the workers (which run it) and
 * by the API (which keys result-cache lookups on the model the workers will read with).
 */
export const ocrBackendEnvShape = {
  /** auto: native tesseract (>= 5) for the languages it has, tesseract.js for the rest (see choose-engine.ts). */
  OCR_ENGINE: z.enum(OCR_ENGINE_SETTINGS).default("auto"),
  /** The native tesseract binary: a name looked up on PATH, or a path. */
  TESSERACT_BINARY: z.string().min(1).default("tesseract"),
};
