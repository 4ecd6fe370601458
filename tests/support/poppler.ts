import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs a poppler tool (pdftotext, pdfinfo: Debian's poppler-utils) on PDF bytes; stdout and stderr as they came. */
export async function poppler(
  tool: "pdftotext" | "pdfinfo",
  pdf: Uint8Array,
  args: string[] = [],
): Promise<{ stdout: string; stderr: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "ocrflow-poppler-"));
  try {
    const file = path.join(dir, "in.pdf");
    await writeFile(file, pdf);
    const outputArgs = tool === "pdftotext" ? [file, "-"] : [file];
    return await run(tool, [...args, ...outputArgs], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of each page as pdftotext gives it (pages split at its form feeds), whitespace runs made single spaces. */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const { stdout } = await poppler("pdftotext", pdf);
  return stdout
    .split("\f")
    .slice(0, -1)
    .map((page) => page.replace(/\s+/g, " ").trim());
}
