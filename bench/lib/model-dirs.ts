import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { resolveLanguageData } from "../../packages/shared/src/languages.ts";

/** Native tesseract's own English model (Debian's tesseract-ocr-eng ships tessdata_fast). */
export const DEBIAN_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata";

/**
 * A tessdata folder holding the English model ocrflow loads (the npm package's
 * 4.0.0_best_int, unzipped), so native tesseract can also run on exactly it.
 */
export async function ocrflowModelDir(corpusDir: string): Promise<{ dir: string; source: string }> {
  const { langPath, gzip } = resolveLanguageData(["eng"]);
  const dir = path.join(corpusDir, "tessdata-ocrflow");
  const target = path.join(dir, "eng.traineddata");
  if (!existsSync(target)) {
    await mkdir(dir, { recursive: true });
    const data = await readFile(path.join(langPath, gzip ? "eng.traineddata.gz" : "eng.traineddata"));
    await writeFile(target, gzip ? gunzipSync(data) : data);
  }
  return { dir, source: langPath };
}
