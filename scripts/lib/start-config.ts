// The configuration of `pnpm start`, checked in full before anything starts:
// the API's and the workers' variables too, so a mistake stops it at once with
// one message naming every wrong variable, instead of a child exiting until
// the supervisor gives up on it.
import { z } from "zod";
import { apiEnvSchema, loadApiConfig } from "../../apps/api/src/config.ts";
import { workerEnvSchema } from "../../apps/worker/src/config.ts";
import { commonEnvSchema, parseEnv } from "../../packages/shared/src/env.ts";

export const startEnvSchema = commonEnvSchema.extend({
  /** Worker processes `pnpm start` runs (each with WORKER_CONCURRENCY jobs at once). */
  WORKER_PROCESSES: z.coerce.number().int().min(1).max(32).default(1),
});

const everyProcessSchema = apiEnvSchema.extend(workerEnvSchema.shape).extend(startEnvSchema.shape);

export interface StartConfig {
  DATABASE_URL: string;
  REDIS_URL: string;
  STORAGE_DIR: string;
  WORKER_PROCESSES: number;
  /** Metrics port of each worker process, in order (0: off): one port each, counting up from WORKER_METRICS_PORT. */
  workerMetricsPorts: number[];
}

export function loadStartConfig(env: NodeJS.ProcessEnv): StartConfig {
  const config = parseEnv(everyProcessSchema, env);
  // The API's checks across variables (ADMIN_USER needs ADMIN_PASSWORD...).
  loadApiConfig(env);
  const base = config.WORKER_METRICS_PORT;
  const workerMetricsPorts = Array.from({ length: config.WORKER_PROCESSES }, (_, index) => (base ? base + index : 0));
  if (workerMetricsPorts.some((port) => port > 65_535)) {
    throw new Error(
      `Invalid configuration:\n  WORKER_METRICS_PORT: ${base} + ${config.WORKER_PROCESSES} worker processes goes past port 65535`,
    );
  }
  return { ...config, workerMetricsPorts };
}
