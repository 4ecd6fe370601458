import { createRequire } from "node:module";
import path from "node:path";
import Tesseract from "tesseract.js";
import type { OcrLogger, Orientation, Rotation } from "../types.ts";
import { createWorkerPool, type WorkerPool } from "./worker-pool.ts";

// The OSD model holds the legacy engine's data only: the LSTM files have no orientation classifier.
const OSD_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve("@tesseract.js-data/osd/package.json")), "4.0.0");

export type OrientationDetector = {
  detect(image: Buffer): Promise<Orientation>;
  terminate(): Promise<void>;
};

/**
 * Tesseract's orientation and script detection (OSD) on one tesseract.js
 * worker with the legacy core, started on first use: only pages whose upright
 * read is doubtful are asked (see read-upright.ts), so one is enough.
 */
export function createOrientationDetector(options: { timeoutMs: number; logger?: OcrLogger }): OrientationDetector {
  let pool: Promise<WorkerPool> | undefined;
  const startWorker = () =>
    Tesseract.createWorker("osd", Tesseract.OEM.TESSERACT_ONLY, {
      langPath: OSD_DIR,
      gzip: true,
      cacheMethod: "none",
      legacyCore: true,
      legacyLang: true,
      errorHandler: (error: unknown) => options.logger?.warn("tesseract.js OSD job failed", { error: String(error) }),
    });
  const getPool = () => {
    pool ??= createWorkerPool({ size: 1, startWorker, timeoutMs: options.timeoutMs, logger: options.logger });
    // A failed start is not kept, so a later page can try again.
    pool.catch(() => {
      pool = undefined;
    });
    return pool;
  };
  return {
    async detect(image) {
      const result = await (await getPool()).run((worker) => worker.detect(image));
      return orientationOf(result.data);
    },
    async terminate() {
      const started = await pool?.catch(() => undefined);
      pool = undefined;
      await started?.terminate();
    },
  };
}

/** OSD's answer as a rotation; none (too few letters to tell) counts as upright with no confidence. */
export function orientationOf(data: Tesseract.DetectData): Orientation {
  const degrees = data.orientation_degrees;
  if (degrees === null || ![0, 90, 180, 270].includes(degrees)) return { rotation: 0, confidence: 0 };
  return { rotation: degrees as Rotation, confidence: data.orientation_confidence ?? 0 };
}
