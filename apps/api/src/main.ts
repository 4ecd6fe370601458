import { once } from "node:events";
import { createDb, startWalCheckpoints } from "@ocrflow/shared/db";
import { closeOcrQueues, createOcrQueues } from "@ocrflow/shared/jobs";
import { logFormatOf } from "@ocrflow/shared/env";
import { loadLanguageCatalog } from "@ocrflow/shared/languages";
import { loadModelNamer } from "@ocrflow/shared/ocr-backend";
import { createLogger, throttledErrorLog } from "@ocrflow/shared/logger";
import { createRedis } from "@ocrflow/shared/redis";
import { onShutdown, runMain } from "@ocrflow/shared/process";
import { FileStorage } from "@ocrflow/shared/storage";
import { closeWebhookQueue, createWebhookOutbox, readWebhookSettings } from "@ocrflow/shared/webhooks";
import { createApp } from "./app.ts";
import { loadApiConfig } from "./config.ts";
import { answerClientErrors } from "./http/client-error.ts";
import { closableServer } from "./http/close-server.ts";
import { startStorageCleanup } from "./storage-cleanup/start-storage-cleanup.ts";

// Requests in flight get DRAIN_MS to finish; the whole shutdown (then closing
// the queues, Redis and the database) is cut at SHUTDOWN_GRACE_MS. supervisord's
// stopwaitsecs and compose's stop_grace_period for the API are above both.
const DRAIN_MS = 10_000;
const SHUTDOWN_GRACE_MS = 18_000;

async function main(): Promise<void> {
  const config = loadApiConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, json: logFormatOf(config), service: "api" });
  // SQLite: checkpoints from a thread, not inside whichever request's commit fills the WAL.
  const db = createDb(config.DATABASE_URL, { sqliteBusyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS, backgroundCheckpoints: true });
  const checkpoints = startWalCheckpoints(config.DATABASE_URL, logger);
  const redis = createRedis(config.REDIS_URL, "producer");
  redis.on("error", throttledErrorLog(logger, "redis connection error"));
  const storage = new FileStorage(config.STORAGE_DIR);
  await storage.init();
  const queues = createOcrQueues(redis, config.QUEUE_PREFIX, logger);
  // The model a worker configured alike reads each language set with (native tesseract or tesseract.js): the result-cache key's.
  const modelOf = await loadModelNamer({
    setting: config.OCR_ENGINE,
    tesseractBinary: config.TESSERACT_BINARY,
    tessdataDir: config.TESSDATA_DIR,
  });
  const languages = { ...loadLanguageCatalog(config.TESSDATA_DIR), modelOf };
  const webhooks = createWebhookOutbox(redis, config.QUEUE_PREFIX, { db, logger }, readWebhookSettings(config));
  const shutdown = new AbortController();
  const app = createApp({ config, db, redis, queues, storage, logger, languages, webhooks, shutdown: shutdown.signal });

  const server = app.listen(config.PORT, config.HOST);
  answerClientErrors(server);
  const closable = closableServer(server);
  await once(server, "listening");
  logger.info("api listening", { url: `http://${config.HOST}:${config.PORT}`, languages: languages.installed });
  const storageCleanup = startStorageCleanup({ db, storage, logger }, config.STORAGE_CLEANUP_INTERVAL_MINUTES);

  // Stop accepting, let requests in flight finish, then close Redis and the database.
  onShutdown(logger, SHUTDOWN_GRACE_MS, async () => {
    shutdown.abort();
    await closable.close(DRAIN_MS);
    logger.info("http server closed");
    await storageCleanup.stop();
    await closeOcrQueues(queues);
    await closeWebhookQueue(webhooks.queue);
    redis.disconnect();
    await db.$disconnect();
    await checkpoints.stop();
  });
}

runMain(main);
