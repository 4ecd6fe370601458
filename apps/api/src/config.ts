import { z } from "zod";
import { commonEnvSchema, parseEnv } from "@ocrflow/shared/env";
import { ocrBackendEnvShape } from "@ocrflow/shared/ocr-backend";
import { languagesSchema } from "@ocrflow/shared/validators";
import { parseTrustProxy } from "./http/trust-proxy-setting.ts";

export const apiEnvSchema = commonEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  MAX_FILE_SIZE_MB: z.coerce.number().positive().max(10_240).default(50),
  /** Bull Board at /admin/queues (HTTP Basic); the board is off unless both are set. */
  ADMIN_USER: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; unset, it is open. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  TESSDATA_DIR: z.string().min(1).optional(),
  /** As the workers': result-cache lookups are keyed on the model they will read with. */
  ...ocrBackendEnvShape,
  /** Requests per RATE_LIMIT_WINDOW_S, counted in Redis across API instances; 0 turns a limit off. */
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(1200),
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Which proxies in front may say, in X-Forwarded-For, who the client is (rate limit per IP); off by default. */
  TRUST_PROXY: z.string().default("false").transform(parseTrustProxy),
  /** How long a valid API key is trusted without reading it again (a revoke takes up to this long); 0: read on every request. */
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** How long a web app sign-in lasts; one in use is extended once past half of it. */
  SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(720).default(12),
  /** The session cookie's Secure flag: auto sets it on HTTPS requests (behind a proxy, with TRUST_PROXY set). */
  SESSION_COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  /** Minutes between storage clean-ups (abandoned temp uploads, orphan files, rows whose file is gone); 0: at start only. */
  STORAGE_CLEANUP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** Languages (tesseract codes, "+"-joined) of the Azure-compatible analyze requests that name no `locale` (paperless-ngx names none). */
  AZURE_LANGUAGES: languagesSchema.default(["eng"]),
});
export type ApiConfig = z.infer<typeof apiEnvSchema>;

// Kept apart from apiEnvSchema: zod refuses to extend a refined object schema.
const checkedApiEnvSchema = apiEnvSchema.superRefine((config, context) => {
  if (Boolean(config.ADMIN_USER) === Boolean(config.ADMIN_PASSWORD)) return;
  const [missing, present] = config.ADMIN_USER ? ["ADMIN_PASSWORD", "ADMIN_USER"] : ["ADMIN_USER", "ADMIN_PASSWORD"];
  context.addIssue({ code: "custom", path: [missing], message: `is required when ${present} is set (Bull Board needs both, or neither)` });
});

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return parseEnv(checkedApiEnvSchema, env);
}
