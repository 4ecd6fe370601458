import type { OcrEngine, OcrLogger } from "../types.ts";
import type { RecyclePolicy, RecycleReason } from "./choose-recycle.ts";
import { chooseEngine, type EngineChoice, type OcrEngineSetting, probeTesseract, readTessdataFolder } from "@ocrflow/shared/ocr-backend";
import { createNativeOcrEngine } from "./tesseract-native-engine.ts";
import { createOcrEngine } from "./tesseract-js-engine.ts";

export type ConfiguredEngineOptions = {
  setting: OcrEngineSetting;
  /** The native binary, by name on PATH or by path. */
  tesseractBinary: string;
  /** The languages the start-up choice is made and reported for (the default ones). */
  startLanguages: string[];
  concurrency: number;
  tessdataDir?: string;
  pageTimeoutMs?: number;
  recycle?: RecyclePolicy;
  onRecycle?: (reason: RecycleReason) => void;
  logger?: OcrLogger;
};

/** The engine, and the backend it reads the start languages with (logged, and shown on /health/ready and /metrics). */
export type ConfiguredEngine = { engine: OcrEngine; choice: EngineChoice };

/**
 * The OCR engine OCR_ENGINE asks for. `auto` reads each language set with
 * native tesseract when it has the languages, else with tesseract.js, so a
 * language only the npm data packages hold still works. `tesseract-native`
 * with no usable binary (or without the start languages) throws here: the
 * worker stops at start with the reason rather than fail every job.
 */
export async function createConfiguredEngine(options: ConfiguredEngineOptions): Promise<ConfiguredEngine> {
  const { setting, concurrency, tessdataDir, logger } = options;
  const tesseractJs = () =>
    createOcrEngine({
      concurrency,
      tessdataDir,
      pageTimeoutMs: options.pageTimeoutMs,
      recycle: options.recycle,
      onRecycle: options.onRecycle,
      logger,
    });
  const probe =
    setting === "tesseract.js" ? ({ found: false, reason: "not probed" } as const) : await probeTesseract(options.tesseractBinary);
  const configured = readTessdataFolder(tessdataDir);
  const choice = chooseEngine(setting, probe, options.startLanguages, configured);
  logger?.info("OCR engine chosen", { setting, backend: choice.backend, reason: choice.reason });
  if (!probe.found || setting === "tesseract.js") return { engine: tesseractJs(), choice };

  const native = createNativeOcrEngine({
    tesseract: probe.tesseract,
    tessdataDirOf: (languages) => chooseEngine("tesseract-native", probe, languages, configured).tessdataDir!,
    concurrency,
    pageTimeoutMs: options.pageTimeoutMs,
    logger,
  });
  if (setting === "tesseract-native") return { engine: native, choice };
  return {
    engine: routeByLanguages(native, tesseractJs(), (languages) => chooseEngine("auto", probe, languages, configured), logger),
    choice,
  };
}

/** OCR_ENGINE=auto: each language set read by the backend chooseEngine picks for it. */
function routeByLanguages(
  native: OcrEngine,
  tesseractJs: OcrEngine,
  choose: (languages: string[]) => EngineChoice,
  logger?: OcrLogger,
): OcrEngine {
  const logged = new Set<string>();
  const route = (languages: string[]) => {
    const choice = choose([...new Set(languages)]);
    const key = languages.join("+");
    if (choice.backend === "tesseract.js" && !logged.has(key)) {
      logged.add(key);
      logger?.info("OCR languages read with tesseract.js", { languages: key, reason: choice.reason });
    }
    return choice.backend === "tesseract-native" ? native : tesseractJs;
  };
  return {
    concurrency: native.concurrency,
    warmUp: (languages) => route(languages).warmUp(languages),
    modelIdentity: (languages) => route(languages).modelIdentity(languages),
    recognize: (image, languages, options) => route(languages).recognize(image, languages, options),
    async terminate() {
      await Promise.all([native.terminate(), tesseractJs.terminate()]);
    },
  };
}
