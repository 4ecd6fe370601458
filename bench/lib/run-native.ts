import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import type { CorpusDocument } from "../corpus/make-corpus.ts";
import { runPool } from "./run-pool.ts";

const run = promisify(execFile);

export type NativeRun = {
  seconds: number;
  /** CPU time of the tesseract processes (user + system). */
  cpuSeconds: number;
  pageTexts: Map<string, string[]>;
  version: string;
};

/** Native tesseract's version line, or undefined when it is not installed. */
export async function nativeTesseractVersion(): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run("tesseract", ["--version"]);
    return `${stdout}${stderr}`.split("\n")[0]!.trim();
  } catch {
    return undefined;
  }
}

/**
 * Native tesseract over the same pages, `processes` at a time, one thread each
 * (OMP_THREAD_LIMIT=1), as ocrflow runs one engine thread per page.
 */
export async function runNative(documents: CorpusDocument[], processes: number, tessdataDir?: string): Promise<NativeRun> {
  const inputs = documents.flatMap((document) => document.nativeInputs.map((input) => ({ document, input })));
  const extra = tessdataDir ? ["--tessdata-dir", tessdataDir] : [];
  const started = performance.now();
  const cpuBefore = await childrenCpuSeconds();
  const outputs = await runPool(inputs, processes, async ({ input }) => {
    const { stdout } = await run("tesseract", [input, "-", "-l", "eng", ...extra], {
      env: { ...process.env, OMP_THREAD_LIMIT: "1" },
      maxBuffer: 64 * 1024 * 1024,
    });
    // A multi-page TIFF comes back as pages separated by form feeds.
    const pages = stdout.split("\f");
    return pages.length > 1 && pages.at(-1)!.trim() === "" ? pages.slice(0, -1) : pages;
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (await childrenCpuSeconds()) - cpuBefore;
  const pageTexts = new Map<string, string[]>();
  inputs.forEach(({ document }, i) => {
    pageTexts.set(document.name, [...(pageTexts.get(document.name) ?? []), ...outputs[i]!]);
  });
  return { seconds, cpuSeconds, pageTexts, version: (await nativeTesseractVersion()) ?? "none" };
}

/** CPU time used by this process's finished child processes (cutime + cstime), in seconds. */
async function childrenCpuSeconds(): Promise<number> {
  const stat = await readFile("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}
