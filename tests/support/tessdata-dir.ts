import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { resolveLanguageData } from "../../packages/shared/src/languages.ts";

/**
 * A new TESSDATA_DIR holding the bundled models of `languages`, unzipped as
 * Debian ships its own: a model folder other than the npm packages', without
 * needing Debian's. The caller removes it.
 */
export async function makeTessdataDir(languages: readonly string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ocrflow-tessdata-"));
  for (const lang of languages) {
    const { langPath } = resolveLanguageData([lang]);
    const model = gunzipSync(await readFile(path.join(langPath, `${lang}.traineddata.gz`)));
    await writeFile(path.join(dir, `${lang}.traineddata`), model);
  }
  return dir;
}
