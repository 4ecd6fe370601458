import { z } from "zod";
import { commonEnvSchema, parseEnv } from "@ocrflow/shared/env";

export const workerEnvSchema = commonEnvSchema.extend({
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  TESSDATA_DIR: z.string().min(1).optional(),
  MAX_PAGES: z.coerce.number().int().min(1).max(100_000).default(1_000),
  PDF_RENDER_SCALE: z.coerce.number().min(0.5).max(8).optional(),
});
export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseEnv(workerEnvSchema, env);
}
