import { availableParallelism } from "node:os";
import { z } from "zod";
import { commonEnvSchema, parseEnv } from "@ocrflow/shared/env";
import { SHARP_WASM_MAX_MB_DEFAULT } from "./images/sharp-settings.ts";
import { ocrBackendEnvShape } from "@ocrflow/shared/ocr-backend";

const MINUTE_MS = 60_000;

export const workerEnvSchema = commonEnvSchema.extend({
  // One job slot and one tesseract.js thread each; by default every core.
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /**
   * Scheduling niceness of the worker (0-19; threads started later inherit it): OCR
   * yields the CPU to the API on a shared host, and still gets every idle cycle.
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  TESSDATA_DIR: z.string().min(1).optional(),
  /**
   * sharp's build: auto (the native addon, else WebAssembly) or wasm. Both are read by
   * images/load-sharp.ts when it loads, before this schema; listed here so a wrong value is named.
   */
  SHARP_BUILD: z.enum(["auto", "wasm"]).default("auto"),
  SHARP_WASM_MAX_MB: z.coerce.number().int().min(64).max(2048).default(SHARP_WASM_MAX_MB_DEFAULT),
  ...ocrBackendEnvShape,
  PDF_RENDER_SCALE: z.coerce.number().min(0.5).max(8).optional(),
  /** One attempt of a job running longer fails it as JOB_TIMEOUT, without a retry. */
  JOB_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(24 * 60 * MINUTE_MS)
    .default(30 * MINUTE_MS),
  /** One page taking longer fails the attempt as retryable: a hung page never holds a slot for good. */
  PAGE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60 * MINUTE_MS)
    .default(5 * MINUTE_MS),
  /** A tesseract.js worker is replaced by a fresh one after this many pages (its WASM heap never shrinks); 0: never. */
  OCR_RECYCLE_PAGES: z.coerce.number().int().min(0).max(1_000_000).default(200),
  /** After a page with the process's RSS above this (MB), that page's tesseract.js worker is replaced; 0: off. */
  OCR_RECYCLE_RSS_MB: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** How long a taken job stays locked without renewal (renewed every half of it), and how often stalled jobs are looked for: a job whose worker died runs again after about this long. */
  JOB_LOCK_DURATION_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(10 * MINUTE_MS)
    .default(30_000),
  /** How long the writes that end an attempt are retried while the database is unreachable; past it the attempt is put back, not counted. */
  DB_WRITE_RETRY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60 * MINUTE_MS)
    .default(30_000),
  /** On SIGTERM a running job gets this long to finish before it is handed back to the queue. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(20_000).default(15_000),
  /** GET /metrics of this worker on this port; unset or 0: off (several workers on one host each need their own port). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  WORKER_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** How often the reconciler re-enqueues jobs the database says are active but Redis lost; 0 is off. */
  RECONCILE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .refine((ms) => ms === 0 || (ms >= 1_000 && ms <= 60 * MINUTE_MS), "must be 0 (off) or 1000 to 3600000")
    .default(30_000),
  /** Jobs written less than this long ago are left to the API, which may still be enqueuing them (its limit is 3 s). */
  RECONCILE_GRACE_MS: z.coerce
    .number()
    .int()
    .min(3_000)
    .max(24 * 60 * MINUTE_MS)
    .default(MINUTE_MS),
});
export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseEnv(workerEnvSchema, env);
}
