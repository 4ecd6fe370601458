import { DEFAULT_LANGUAGES } from "@ocrflow/shared/constants";
import { createDb } from "@ocrflow/shared/db";
import { logFormatOf } from "@ocrflow/shared/env";
import { createLogger } from "@ocrflow/shared/logger";
import { onShutdown, runMain } from "@ocrflow/shared/process";
import { FileStorage } from "@ocrflow/shared/storage";
import { loadWorkerConfig } from "./config.ts";
import { createOcrEngine } from "./ocr/recognize-text.ts";
import { closeWorkers, startWorkers } from "./start-workers.ts";

// Past this, a job still running is left to BullMQ's stalled-job recovery.
const SHUTDOWN_GRACE_MS = 25_000;

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, json: logFormatOf(config), service: "worker" });
  const db = createDb(config.DATABASE_URL);
  const storage = new FileStorage(config.STORAGE_DIR);
  const engine = createOcrEngine({ concurrency: config.WORKER_CONCURRENCY, tessdataDir: config.TESSDATA_DIR, logger });
  const deps = { db, storage, engine, logger, maxPages: config.MAX_PAGES, pdfScale: config.PDF_RENDER_SCALE };
  // The default language's model loads now, not during the first job.
  await engine.warmUp([...DEFAULT_LANGUAGES]);
  const workers = startWorkers(deps, {
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    logger,
  });
  logger.info("worker started", { concurrency: config.WORKER_CONCURRENCY, queues: workers.map((worker) => worker.name) });

  // Take no new job, finish the running ones, then release the engine and database.
  onShutdown(logger, SHUTDOWN_GRACE_MS, async () => {
    await closeWorkers(workers);
    await engine.terminate();
    await db.$disconnect();
  });
}

runMain(main);
