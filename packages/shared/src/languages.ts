import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { OcrflowError } from "./errors.ts";

const require = createRequire(import.meta.url);
const DATA_SCOPE = "@tesseract.js-data";
// LSTM-only models first: a quarter of the size of the 4.0.0 files, which also hold the legacy engine.
const MODEL_FOLDERS = ["4.0.0_best_int", "4.0.0"];
const LANGUAGE_CODE = /^[a-z]{3}(_[a-z]+)*$/i;
// osd is the orientation/script model, not a language to read text in.
const NOT_LANGUAGES = new Set(["osd"]);

/** One folder of traineddata files, the unit tesseract.js loads from (`langPath`). */
type LanguageFolder = { langPath: string; gzip: boolean; languages: Set<string> };

export type LanguageData = { langPath: string; gzip: boolean; languages: string[] };

/** The languages found at start-up, and where to look for combinations of them. */
export type LanguageCatalog = {
  installed: readonly string[];
  tessdataDir?: string;
  /** The model workers read a language set with (loadModelNamer in ocr-backend); tesseract.js's when not said. */
  modelOf?: (languages: readonly string[]) => string;
};

export function loadLanguageCatalog(tessdataDir?: string): LanguageCatalog {
  return { installed: listInstalledLanguages(tessdataDir), tessdataDir };
}

/**
 * Refuses languages OCR cannot use: not installed, or a combination that no
 * single folder holds (see resolveLanguageData).
 */
export function assertLanguagesUsable(catalog: LanguageCatalog, languages: readonly string[]): void {
  const unknown = languages.filter((code) => !catalog.installed.includes(code));
  if (unknown.length > 0) {
    throw new OcrflowError("UNKNOWN_LANGUAGE", `Language not installed: ${unknown.join(", ")}`, {
      details: { unknown, installed: catalog.installed },
    });
  }
  if (languages.length > 1) resolveLanguageData([...languages], catalog.tessdataDir);
}

/** Languages OCR can use: installed `@tesseract.js-data/<lang>` packages plus `tessdataDir`. */
export function listInstalledLanguages(tessdataDir?: string): string[] {
  const all = findLanguageFolders(tessdataDir).flatMap((folder) => [...folder.languages]);
  return [...new Set(all)].sort();
}

/**
 * The one folder a language set's models are loaded from: `tessdataDir` when it
 * holds every one of them (operators point it at the models they want, e.g.
 * Debian's tessdata_fast, a fifth less CPU per page than the bundled
 * 4.0.0_best_int), else the npm data package of a single language. tesseract.js
 * loads all languages of a worker from a single `langPath`, so a combination
 * like eng+fra needs a `tessdataDir` holding both. The worker loads from here
 * and the result cache names the model by it (ocrModelIdentity).
 */
export function resolveLanguageData(languages: string[], tessdataDir?: string): LanguageData {
  if (languages.length === 0) {
    throw new OcrflowError("UNKNOWN_LANGUAGE", "No OCR language was requested");
  }
  const folders = findLanguageFolders(tessdataDir);
  const folder = folders.find((candidate) => languages.every((lang) => candidate.languages.has(lang)));
  if (folder) return { langPath: folder.langPath, gzip: folder.gzip, languages };

  const installed = new Set(folders.flatMap((candidate) => [...candidate.languages]));
  const missing = languages.filter((lang) => !installed.has(lang));
  if (missing.length > 0) {
    throw new OcrflowError(
      "UNKNOWN_LANGUAGE",
      `OCR language data not installed: ${missing.join(", ")} (installed: ${[...installed].sort().join(", ") || "none"})`,
    );
  }
  throw new OcrflowError(
    "UNKNOWN_LANGUAGE",
    `OCR languages ${languages.join("+")} are installed in different folders; tesseract.js loads one folder per worker, so put their .traineddata files in one folder and set TESSDATA_DIR to it`,
  );
}

/** The configured tessdata folder first (it is there to be used), then the npm data packages. */
function findLanguageFolders(tessdataDir?: string): LanguageFolder[] {
  const packages = listDataPackages().flatMap((lang) => {
    const folder = findPackageModelFolder(lang);
    return folder ? [{ langPath: folder, gzip: true, languages: new Set([lang]) }] : [];
  });
  if (!tessdataDir) return packages;
  return [{ langPath: tessdataDir, gzip: false, languages: listTessdataLanguages(tessdataDir) }, ...packages];
}

function listDataPackages(): string[] {
  const searchPaths = require.resolve.paths(`${DATA_SCOPE}/eng`) ?? [];
  const names = searchPaths.flatMap((dir) => listDirectory(path.join(dir, DATA_SCOPE)));
  return [...new Set(names)].filter((name) => LANGUAGE_CODE.test(name) && !NOT_LANGUAGES.has(name));
}

function findPackageModelFolder(lang: string): string | undefined {
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve(`${DATA_SCOPE}/${lang}/package.json`));
  } catch {
    return undefined;
  }
  return MODEL_FOLDERS.map((folder) => path.join(packageDir, folder)).find((folder) =>
    existsSync(path.join(folder, `${lang}.traineddata.gz`)),
  );
}

function listTessdataLanguages(tessdataDir: string): Set<string> {
  const languages = listDirectory(tessdataDir)
    .filter((file) => file.endsWith(".traineddata"))
    .map((file) => file.slice(0, -".traineddata".length))
    .filter((lang) => LANGUAGE_CODE.test(lang) && !NOT_LANGUAGES.has(lang));
  return new Set(languages);
}

function listDirectory(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
