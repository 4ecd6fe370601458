import { describeError, isOcrflowError } from "@ocrflow/shared/errors";

export interface Failure {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * What a failed attempt means: our own errors say whether they are worth a
 * retry (unreadable content never is); anything else (a crashed engine, a
 * lost connection) is taken as transient.
 */
export function classifyFailure(error: unknown): Failure {
  if (isOcrflowError(error)) return { code: error.code, message: error.message, retryable: error.retryable };
  return { code: "OCR_FAILED", message: `OCR failed: ${describeError(error)}`, retryable: true };
}
