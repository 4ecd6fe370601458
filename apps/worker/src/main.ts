import { DEFAULT_LANGUAGES } from "@ocrflow/shared/constants";
import { createDb } from "@ocrflow/shared/db";
import { logFormatOf } from "@ocrflow/shared/env";
import { createLogger } from "@ocrflow/shared/logger";
import { onShutdown, runMain } from "@ocrflow/shared/process";
import { FileStorage } from "@ocrflow/shared/storage";
import { readWebhookSettings } from "@ocrflow/shared/webhooks";
import { loadWorkerConfig } from "./config.ts";
import { type Heartbeat, startHeartbeat } from "./heartbeat/start-heartbeat.ts";
import { serveMetrics } from "./metrics/serve-metrics.ts";
import { createWorkerMetrics } from "./metrics/worker-metrics.ts";
import { sharpBuild } from "./images/load-sharp.ts";
import { createConfiguredEngine } from "./ocr/engine/create-configured-engine.ts";
import { lowerPriority } from "./lower-priority.ts";
import { startWorkers } from "./start-workers.ts";

// The process exits 1 past this; SHUTDOWN_GRACE_MS (at most 20 s) leaves room to hand jobs back and close.
const SHUTDOWN_HARD_LIMIT_MS = 25_000;

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, json: logFormatOf(config), service: "worker" });
  // Before the OCR threads start, so that they inherit it (Linux sets niceness per thread).
  lowerPriority(config.WORKER_NICE, logger);
  const images = sharpBuild();
  if (images.build === "wasm") logger.warn("sharp runs its WebAssembly build (slower than the native addon)", { reason: images.reason });
  const db = createDb(config.DATABASE_URL, { sqliteBusyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
  const storage = new FileStorage(config.STORAGE_DIR);
  const metrics = createWorkerMetrics();
  const { engine, choice: engineChoice } = await createConfiguredEngine({
    setting: config.OCR_ENGINE,
    tesseractBinary: config.TESSERACT_BINARY,
    startLanguages: [...DEFAULT_LANGUAGES],
    concurrency: config.WORKER_CONCURRENCY,
    tessdataDir: config.TESSDATA_DIR,
    pageTimeoutMs: config.PAGE_TIMEOUT_MS,
    recycle: { afterPages: config.OCR_RECYCLE_PAGES, maxRssMb: config.OCR_RECYCLE_RSS_MB },
    onRecycle: metrics.engineRecycled,
    logger,
  });
  const deps = {
    metrics,
    db,
    storage,
    engine,
    logger,
    maxPages: config.MAX_PAGES,
    maxPagePixels: config.MAX_PAGE_PIXELS,
    pdfScale: config.PDF_RENDER_SCALE,
    pageTimeoutMs: config.PAGE_TIMEOUT_MS,
    dbWriteRetryMs: config.DB_WRITE_RETRY_MS,
  };
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  let heartbeat: Heartbeat | undefined;
  // Registered before the slow start-up (model loading), so a SIGTERM then
  // still ends the process cleanly: take no new job, let the running ones
  // finish or hand them back, then release the engine and database.
  onShutdown(logger, SHUTDOWN_HARD_LIMIT_MS, async () => {
    // Unlisted first: from now on it takes no job, whatever it still finishes.
    await heartbeat?.stop();
    await workers?.close(config.SHUTDOWN_GRACE_MS);
    await metricsServer?.close();
    await engine.terminate();
    await db.$disconnect();
  });

  // The default language's model loads now, not during the first job.
  await engine.warmUp([...DEFAULT_LANGUAGES]);
  // Before any job is taken: a port already in use stops the process with nothing half-done.
  if (config.WORKER_METRICS_PORT) {
    metricsServer = await serveMetrics(metrics.registry, { host: config.WORKER_METRICS_HOST, port: config.WORKER_METRICS_PORT, logger });
  }
  workers = await startWorkers(deps, {
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    jobTimeoutMs: config.JOB_TIMEOUT_MS,
    lockDurationMs: config.JOB_LOCK_DURATION_MS,
    stalledIntervalMs: config.JOB_LOCK_DURATION_MS,
    logger,
    webhooks: readWebhookSettings(config),
    reconcile: { intervalMs: config.RECONCILE_INTERVAL_MS, graceMs: config.RECONCILE_GRACE_MS },
  });
  // Listed as alive only once it takes jobs.
  heartbeat = startHeartbeat({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    logger,
    ocrEngine: { backend: engineChoice.backend, reason: engineChoice.reason },
  });
  logger.info("worker started", {
    concurrency: config.WORKER_CONCURRENCY,
    sharp: images.build,
    jobTimeoutMs: config.JOB_TIMEOUT_MS,
    ocrBackend: engineChoice.backend,
    ocrBackendReason: engineChoice.reason,
  });
}

runMain(main);
