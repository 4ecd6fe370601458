import { isOcrflowError } from "@ocrflow/shared/errors";
import { OcrInputError } from "../ocr/ocr-input-error.ts";

export interface Failure {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * What a failed attempt means: our own errors say whether they are worth a
 * retry; content the OCR code cannot read never is; anything else (a crashed
 * engine, a lost connection) is taken as transient.
 */
export function classifyFailure(error: unknown): Failure {
  if (isOcrflowError(error)) return { code: error.code, message: error.message, retryable: error.retryable };
  if (error instanceof OcrInputError) return { code: error.code, message: error.message, retryable: false };
  const message = error instanceof Error ? error.message : String(error);
  return { code: "OCR_FAILED", message: `OCR failed: ${message}`, retryable: true };
}
