import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type LanguageData, resolveLanguageData } from "./languages.ts";

/**
 * The OCR engine, `<family>@<version>`, that the API assumes its workers run
 * when it computes a result-cache key. A worker names the engine it really
 * runs; a unit test holds this one to the installed tesseract.js.
 */
export const TESSERACT_JS_ENGINE = "tesseract.js@7.0.0";

// 64 bits of SHA-256 tell model files apart; the identity stays short enough to read.
const HASH_HEX_CHARS = 16;

type FileHash = { size: number; mtimeMs: number; hash: string };
type ModelFolder = { tessdataMtimeMs: number; data: LanguageData };

// A model file is hashed once per process (15 MB in about 30 ms), again only when its size or mtime changes.
const modelFileHashes = new Map<string, FileHash>();
// Finding the folder reads node_modules (about 1 ms); an identity is computed on every submit.
const modelFolders = new Map<string, ModelFolder>();

/**
 * Names the model `engine` reads `languages` with, where resolveLanguageData
 * finds it (the npm data packages, or `tessdataDir` when it holds them all):
 * `<engine>/<folder>/<lang>:<hash>+...`, e.g.
 * `tesseract.js@7.0.0/4.0.0_best_int/eng:1a2b3c4d5e6f7a8b`, the folder being
 * the npm package's model folder or `tessdata` for `tessdataDir`, and each
 * hash the start of the SHA-256 of that language's traineddata file as
 * stored. Languages are sorted, as in the result-cache key. Equal identities
 * mean the same engine and model files, whichever host computes them: the
 * result cache keys on it. Throws UNKNOWN_LANGUAGE as resolveLanguageData does.
 */
export function ocrModelIdentity(engine: string, languages: readonly string[], tessdataDir?: string): string {
  const sorted = [...languages].sort();
  const { langPath, gzip } = findModelFolder(sorted, tessdataDir);
  const folder = langPath === tessdataDir ? "tessdata" : path.basename(langPath);
  const files = sorted.map((lang) => `${lang}:${hashModelFile(path.join(langPath, `${lang}.traineddata${gzip ? ".gz" : ""}`))}`);
  return `${engine}/${folder}/${files.join("+")}`;
}

/** resolveLanguageData, again only when a file was added to or removed from `tessdataDir` (its mtime). */
function findModelFolder(languages: string[], tessdataDir?: string): LanguageData {
  const key = `${tessdataDir ?? ""}|${languages.join("+")}`;
  const tessdataMtimeMs = tessdataDir ? (statSync(tessdataDir, { throwIfNoEntry: false })?.mtimeMs ?? -1) : 0;
  const known = modelFolders.get(key);
  if (known && known.tessdataMtimeMs === tessdataMtimeMs) return known.data;
  const data = resolveLanguageData(languages, tessdataDir);
  modelFolders.set(key, { tessdataMtimeMs, data });
  return data;
}

function hashModelFile(filePath: string): string {
  const { size, mtimeMs } = statSync(filePath);
  const known = modelFileHashes.get(filePath);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known.hash;
  const hash = createHash("sha256").update(readFileSync(filePath)).digest("hex").slice(0, HASH_HEX_CHARS);
  modelFileHashes.set(filePath, { size, mtimeMs, hash });
  return hash;
}
