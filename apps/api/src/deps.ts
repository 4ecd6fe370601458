import type { Redis } from "ioredis";
import type { Db } from "@ocrflow/shared/db";
import type { OcrQueues } from "@ocrflow/shared/jobs";
import type { LanguageCatalog } from "@ocrflow/shared/languages";
import type { Logger } from "@ocrflow/shared/logger";
import type { FileStorage } from "@ocrflow/shared/storage";
import type { WebhookOutbox } from "@ocrflow/shared/webhooks";
import type { ApiConfig } from "./config.ts";
import type { ApiMetrics } from "./metrics/api-metrics.ts";

/** Everything the API's handlers reach outside the process. */
export interface AppDeps {
  config: ApiConfig;
  db: Db;
  redis: Redis;
  queues: OcrQueues;
  storage: FileStorage;
  logger: Logger;
  languages: LanguageCatalog;
  /** Checks webhookUrls at submit and enqueues the webhooks of jobs the API finishes. */
  webhooks: WebhookOutbox;
  /** The web app's build to serve at `/` [apps/web/dist]. */
  webDistDir?: string;
  /** The process's metrics; createApp makes its own when none is given. */
  metrics?: ApiMetrics;
  /** Aborted when the API starts to shut down: submits waiting for their job (Prefer: wait) answer 202 at once. */
  shutdown?: AbortSignal;
}
