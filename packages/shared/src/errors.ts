/**
 * Every error code the service can answer with. The API maps each to an HTTP
 * status in one table (apps/api/src/http/error-status.ts); workers use
 * `retryable` to decide between a retry and an immediate failure.
 */
export const ERROR_CODES = [
  "BAD_REQUEST",
  "INVALID_JSON",
  "VALIDATION_FAILED",
  "INVALID_OPTION",
  "UNAUTHORIZED",
  "CSRF_FAILED",
  "NOT_FOUND",
  "CONFLICT",
  "FILE_MISSING",
  "FILE_EMPTY",
  "FILE_TOO_LARGE",
  "TOO_MANY_FILES",
  "UNSUPPORTED_MEDIA_TYPE",
  "UNKNOWN_LANGUAGE",
  "RATE_LIMITED",
  "DEPENDENCY_UNAVAILABLE",
  "STORAGE_FAILED",
  "CORRUPT_FILE",
  "UNSUPPORTED_CONTENT",
  "PASSWORD_PROTECTED",
  "TOO_MANY_PAGES",
  "TOO_MANY_PIXELS",
  "OCR_FAILED",
  "OCR_ENGINE_FAILED",
  "JOB_TIMEOUT",
  "INTERNAL",
  "INSUFFICIENT_STORAGE",
  "FILE_GONE",
  "HEADERS_TOO_LARGE",
  "REQUEST_TIMEOUT",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class OcrflowError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "OcrflowError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

export function isOcrflowError(error: unknown): error is OcrflowError {
  return error instanceof OcrflowError;
}

/** The message of anything thrown, for wrapping it with context. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
