import { z } from "zod";
import { DEFAULT_MAX_ATTEMPTS } from "./constants.ts";
import { DEFAULT_QUEUE_PREFIX } from "./queues.ts";

const LOG_LEVELS = ["error", "warn", "info", "http", "verbose", "debug", "silly"] as const;

/** Variables both the API and the workers read. Defaults are the embedded setup. */
export const commonEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql://")
    .default("file:./data/ocrflow.db"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.' or '-' only")
    .default(DEFAULT_QUEUE_PREFIX),
  STORAGE_DIR: z.string().min(1).default("./data/files"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(DEFAULT_MAX_ATTEMPTS),
});

/**
 * Parses the environment with a schema; on any mistake it throws one message
 * naming each wrong variable and what it expects.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  // An empty variable means "not set", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(present);
  if (parsed.success) return Object.freeze(parsed.data) as z.infer<S>;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
}

export function logFormatOf(config: { NODE_ENV: string; LOG_FORMAT?: "json" | "pretty" }): boolean {
  return (config.LOG_FORMAT ?? (config.NODE_ENV === "production" ? "json" : "pretty")) === "json";
}
