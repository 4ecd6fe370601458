import { OcrflowError } from "../errors.ts";
import type { TesseractProbe } from "./probe-tesseract.ts";

/** OCR_ENGINE: the backend that reads pages; `auto` picks native tesseract wherever it can. */
export const OCR_ENGINE_SETTINGS = ["auto", "tesseract.js", "tesseract-native"] as const;
export type OcrEngineSetting = (typeof OCR_ENGINE_SETTINGS)[number];
export type OcrBackend = "tesseract.js" | "tesseract-native";

// Older tesseracts read differently (4.x) or not with LSTM models at all (3.x).
const MIN_NATIVE_MAJOR = 5;

/** The backend a language set is read with, and why; `tessdataDir`: the folder native tesseract loads it from. */
export type EngineChoice = { backend: OcrBackend; reason: string; tessdataDir?: string };

/** A tessdata folder and the languages in it (TESSDATA_DIR). */
export type TessdataFolder = { dir: string; languages: readonly string[] };

/**
 * Which backend reads `languages`. `auto`: native tesseract when a
 * tesseract >= 5 answered and one folder holds every language (TESSDATA_DIR
 * first, then tesseract's own), else tesseract.js. `tesseract-native` throws
 * where auto would fall back: UNKNOWN_LANGUAGE for a language native
 * tesseract lacks, OCR_ENGINE_FAILED for a missing or unfit binary.
 */
export function chooseEngine(
  setting: OcrEngineSetting,
  probe: TesseractProbe,
  languages: readonly string[],
  configured?: TessdataFolder,
): EngineChoice {
  if (setting === "tesseract.js") return { backend: "tesseract.js", reason: "OCR_ENGINE=tesseract.js" };
  const prefix = setting === "auto" ? "auto" : "OCR_ENGINE=tesseract-native";
  let unfit: { code: "UNKNOWN_LANGUAGE" | "OCR_ENGINE_FAILED"; reason: string };
  if (!probe.found) unfit = { code: "OCR_ENGINE_FAILED", reason: probe.reason };
  else if (probe.tesseract.major < MIN_NATIVE_MAJOR) {
    unfit = {
      code: "OCR_ENGINE_FAILED",
      reason: `${probe.tesseract.binary} is tesseract ${probe.tesseract.version}; ${MIN_NATIVE_MAJOR} or later is needed`,
    };
  } else {
    const { binary, version } = probe.tesseract;
    const own = { dir: probe.tesseract.tessdataDir, languages: probe.tesseract.languages };
    const folder = [configured, own].find((candidate) => candidate && languages.every((lang) => candidate.languages.includes(lang)));
    if (folder) {
      return {
        backend: "tesseract-native",
        tessdataDir: folder.dir,
        reason: `${prefix}: tesseract ${version} (${binary}) has ${languages.join("+")} in ${folder.dir}`,
      };
    }
    const missing = languages.filter((lang) => !own.languages.includes(lang) && !configured?.languages.includes(lang));
    unfit = {
      code: "UNKNOWN_LANGUAGE",
      reason:
        missing.length > 0
          ? `tesseract ${version} has no traineddata for ${missing.join(", ")} (in ${[configured?.dir, own.dir].filter(Boolean).join(" or ")})`
          : `tesseract ${version} has ${languages.join("+")} only in different folders`,
    };
  }
  if (setting === "auto") return { backend: "tesseract.js", reason: `auto: ${unfit.reason}` };
  throw new OcrflowError(unfit.code, `${prefix}, but ${unfit.reason}`);
}
