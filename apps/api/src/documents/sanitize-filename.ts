const MAX_FILENAME_LENGTH = 255;

// Controls (C0, DEL, C1), format characters (bidi overrides and isolates that
// can make "gpj.exe" read as "exe.jpg", zero-width characters, BOM) and lone
// surrogates: nothing a name needs, and each can mislead a reader or a log.
const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

/**
 * The client's file name, kept for display only (files are stored under
 * generated names): no directories, no control or invisible characters,
 * bounded length. Bytes that were not UTF-8 arrive as U+FFFD and stay so.
 */
export function sanitizeFilename(name: string | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(INVISIBLE_CHARACTERS, "").trim();
  const bounded = [...cleaned].slice(0, MAX_FILENAME_LENGTH).join("").trim();
  return /^\.*$/.test(bounded) ? "upload" : bounded;
}
