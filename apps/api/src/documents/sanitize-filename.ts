const MAX_FILENAME_LENGTH = 255;

/**
 * The client's file name, kept for display only (files are stored under
 * generated names): no directories, no control characters, bounded length.
 */
export function sanitizeFilename(name: string | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  const bounded = [...cleaned].slice(0, MAX_FILENAME_LENGTH).join("");
  return bounded === "" || bounded === "." || bounded === ".." ? "upload" : bounded;
}
