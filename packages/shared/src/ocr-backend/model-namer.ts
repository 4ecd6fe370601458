import { readdirSync } from "node:fs";
import { ocrModelIdentity, TESSERACT_JS_ENGINE } from "../model-identity.ts";
import { chooseEngine, type OcrEngineSetting, type TessdataFolder } from "./choose-engine.ts";
import { type NativeTesseract, probeTesseract } from "./probe-tesseract.ts";

/** Native tesseract as result-cache keys and results name it, e.g. `tesseract@5.3.0`. */
export function nativeEngineName(tesseract: Pick<NativeTesseract, "version">): string {
  return `tesseract@${tesseract.version}`;
}

/** TESSDATA_DIR as chooseEngine sees it: the languages of its uncompressed `<lang>.traineddata` files. */
export function readTessdataFolder(dir: string | undefined): TessdataFolder | undefined {
  if (!dir) return undefined;
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    files = [];
  }
  const languages = files
    .filter((file) => file.endsWith(".traineddata") && file !== "osd.traineddata")
    .map((file) => file.slice(0, -".traineddata".length));
  return { dir, languages };
}

/**
 * The model identity (ocrModelIdentity) a worker configured like this process
 * reads `languages` with: what OCR_ENGINE chooses for them on this host, as
 * `auto` would (a forced backend that cannot read them fails the job anyway).
 * The API keys its result-cache lookups on it, so that results of native
 * workers are found again. Probes the binary once, here.
 */
export async function loadModelNamer(options: {
  setting: OcrEngineSetting;
  tesseractBinary: string;
  tessdataDir?: string;
}): Promise<(languages: readonly string[]) => string> {
  const { setting, tessdataDir } = options;
  const tesseractJs = (languages: readonly string[]) => ocrModelIdentity(TESSERACT_JS_ENGINE, languages, tessdataDir);
  if (setting === "tesseract.js") return tesseractJs;
  const probe = await probeTesseract(options.tesseractBinary);
  if (!probe.found) return tesseractJs;
  const configured = readTessdataFolder(tessdataDir);
  return (languages) => {
    const choice = chooseEngine("auto", probe, languages, configured);
    return choice.backend === "tesseract-native"
      ? ocrModelIdentity(nativeEngineName(probe.tesseract), languages, choice.tessdataDir)
      : tesseractJs(languages);
  };
}
