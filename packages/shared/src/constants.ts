export const PRIORITY_NAMES = ["high", "normal", "low"] as const;
export type PriorityName = (typeof PRIORITY_NAMES)[number];

/** Numeric priority 0-10 (10 most urgent) standing for each named priority. */
export const PRIORITY_VALUES: Record<PriorityName, number> = { high: 8, normal: 5, low: 2 };
export const DEFAULT_PRIORITY: PriorityName = "normal";

export const DEFAULT_LANGUAGES = ["eng"] as const;
export const DEFAULT_MAX_ATTEMPTS = 3;

/** MIME types accepted on upload, detected from the file's content. */
export const SUPPORTED_MIME_TYPES = [
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/tiff",
  "image/gif",
  "image/bmp",
  "image/webp",
] as const;
export type SupportedMimeType = (typeof SUPPORTED_MIME_TYPES)[number];

export function isSupportedMimeType(mimeType: string | undefined): mimeType is SupportedMimeType {
  return (SUPPORTED_MIME_TYPES as readonly (string | undefined)[]).includes(mimeType);
}

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

export const API_KEY_PREFIX = "ofk_";

/** Most documents or files in one batch request. */
export const BATCH_MAX_ITEMS = 50;

/** Bulk retry (POST /api/v1/jobs/retry): most ids listed in one call, most failed jobs taken by one call. */
export const RETRY_MAX_IDS = 100;
export const RETRY_MAX_FAILED = 1_000;
