import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const PROBE_TIMEOUT_MS = 10_000;
// "tesseract 5.3.0" (5.x prints it on stdout, 4.x on stderr), possibly with a suffix ("5.3.0-dev").
const VERSION_LINE = /^tesseract v?(\d+)\.(\d+)\.(\d+)\S*/m;
// List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (4):
const LANGUAGES_HEADER = /^List of available languages in "(.+?)\/?" \(\d+\):$/m;

/** A `tesseract` binary that answered, with the version and the languages of its own tessdata folder. */
export type NativeTesseract = {
  binary: string;
  /** e.g. "5.3.0" */
  version: string;
  major: number;
  /** Its default tessdata folder, where it looks without --tessdata-dir. */
  tessdataDir: string;
  languages: string[];
};

export type TesseractProbe = { found: true; tesseract: NativeTesseract } | { found: false; reason: string };

/**
 * Runs `binary --version` and `binary --list-langs` to learn whether a native
 * tesseract is there, which version, and which languages it has. Never
 * throws: a missing or broken binary is a probe with its reason.
 */
export async function probeTesseract(binary: string): Promise<TesseractProbe> {
  const env = { ...process.env, OMP_THREAD_LIMIT: "1" };
  try {
    const version = await run(binary, ["--version"], { timeout: PROBE_TIMEOUT_MS, env });
    const match = VERSION_LINE.exec(`${version.stdout}\n${version.stderr}`);
    if (!match) return { found: false, reason: `${binary} --version does not name a tesseract version` };
    const listed = await run(binary, ["--list-langs"], { timeout: PROBE_TIMEOUT_MS, env });
    const output = `${listed.stdout}\n${listed.stderr}`;
    const header = LANGUAGES_HEADER.exec(output);
    if (!header) return { found: false, reason: `${binary} --list-langs does not name its tessdata folder` };
    const languages = output
      .slice(header.index + header[0].length)
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /^[a-z]{3}(_[a-z]+)*$/i.test(line) && line !== "osd");
    const [, major, minor, patch] = match;
    return {
      found: true,
      tesseract: {
        binary,
        version: `${major}.${minor}.${patch}`,
        major: Number(major),
        tessdataDir: header[1]!,
        languages: languages.sort(),
      },
    };
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "ENOENT") return { found: false, reason: `no ${binary} binary found` };
    return { found: false, reason: `${binary} does not run: ${message.split("\n")[0]}` };
  }
}
