import { ApiError } from "./http.ts";

/** What a refused file or a failed request means for a person, by the API's error code. */
const MESSAGES: Record<string, string> = {
  FILE_TOO_LARGE: "too big: the server takes files up to {limit} MB",
  FILE_EMPTY: "empty: the file has no content",
  UNSUPPORTED_MEDIA_TYPE: "not a file ocrflow reads: send PDF, PNG, JPEG, TIFF, GIF, BMP or WebP",
  UNSUPPORTED_CONTENT: "its content is not supported",
  CORRUPT_FILE: "damaged or cut short: it cannot be read",
  PASSWORD_PROTECTED: "protected by a password: remove it and upload again",
  TOO_MANY_PAGES: "has too many pages for this server",
  TOO_MANY_PIXELS: "has a page with too many pixels (possibly a decompression bomb)",
  UNKNOWN_LANGUAGE: "asks for a language that is not installed",
  INSUFFICIENT_STORAGE: "the server's disk is full: try again later",
  RATE_LIMITED: "too many requests: wait a moment and try again",
  NETWORK: "the server could not be reached",
};

/** A short explanation of an error, for messages next to a file, a job or a form. */
export function explainError(error: unknown, context: { maxFileSizeMb?: number } = {}): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const known = MESSAGES[error.code];
  if (!known) return error.message;
  return known.replace("{limit}", String(context.maxFileSizeMb ?? "?"));
}
