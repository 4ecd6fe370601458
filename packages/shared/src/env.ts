import { z } from "zod";
import { DEFAULT_MAX_ATTEMPTS } from "./constants.ts";
import { DEFAULT_SQLITE_BUSY_TIMEOUT_MS } from "./db-provider.ts";
import { DEFAULT_QUEUE_PREFIX } from "./queues.ts";
import { parseCidr } from "./webhooks/refused-addresses.ts";

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
  /** Webhooks are signed with it (HMAC-SHA256); while unset, a webhookUrl is refused at submit. */
  WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** Comma-separated CIDRs webhooks may reach although private, loopback or link-local. */
  WEBHOOK_ALLOWED_NETWORKS: z.string().default("").transform(parseNetworkList),
  /** First webhook retry delay; each next one doubles. */
  WEBHOOK_RETRY_DELAY_MS: z.coerce.number().int().min(10).max(600_000).default(10_000),
  STORAGE_DIR: z.string().min(1).default("./data/files"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** How long a SQLite writer waits for another process's lock before the write fails (API: 503; worker: retried). */
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_SQLITE_BUSY_TIMEOUT_MS),
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(DEFAULT_MAX_ATTEMPTS),
  /** The API refuses a document with more pages at upload when its header tells; workers check every document. */
  MAX_PAGES: z.coerce.number().int().min(1).max(100_000).default(1_000),
  // 100 MP: an A4 page at 1200 dpi, or A0 at 250 dpi. Larger pages are refused from their header, never decoded.
  MAX_PAGE_PIXELS: z.coerce.number().int().min(1_000_000).max(1_000_000_000).default(100_000_000),
});

function parseNetworkList(text: string, context: z.RefinementCtx): string[] {
  const cidrs = text
    .split(",")
    .map((cidr) => cidr.trim())
    .filter(Boolean);
  for (const cidr of cidrs) {
    try {
      parseCidr(cidr);
    } catch (error) {
      context.addIssue({ code: "custom", message: (error as Error).message });
    }
  }
  return cidrs;
}

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
