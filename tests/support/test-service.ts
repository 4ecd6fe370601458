import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createApp } from "../../apps/api/src/app.ts";
import { createApiKey } from "../../apps/api/src/auth/create-api-key.ts";
import { loadApiConfig } from "../../apps/api/src/config.ts";
import { answerClientErrors } from "../../apps/api/src/http/client-error.ts";
import { closeOcrQueues, createOcrQueues, type OcrQueues } from "../../packages/shared/src/jobs/index.ts";
import { createCannedEngine } from "./canned-engine.ts";
import { type ServiceProcess, spawnWorker } from "./service-processes.ts";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { startWorkers } from "../../apps/worker/src/start-workers.ts";
import { createDb, type Db } from "../../packages/shared/src/db.ts";
import { loadLanguageCatalog } from "../../packages/shared/src/languages.ts";
import { createLogger } from "../../packages/shared/src/logger.ts";
import { createRedis } from "../../packages/shared/src/redis.ts";
import { FileStorage } from "../../packages/shared/src/storage.ts";
import {
  closeWebhookQueue,
  createWebhookOutbox,
  readWebhookSettings,
  type WebhookOutbox,
} from "../../packages/shared/src/webhooks/index.ts";
import { fileDatabaseUrl } from "./test-databases.ts";

export interface TestService {
  baseUrl: string;
  db: Db;
  storage: FileStorage;
  /** A new user with its own key, so tests never see each other's data. */
  createUser: (name?: string) => Promise<{ key: string; userId: string }>;
  /** The queue prefix and Redis of this service, e.g. to publish a job cancel as the API does. */
  prefix: string;
  redisUrl: string;
  /** The API's queues, to look at a job's BullMQ entry. */
  queues: OcrQueues;
  /** The API's webhook queue and settings, e.g. to lose a queue entry or run the sweep. */
  webhooks: WebhookOutbox;
  /** Starts one more in-process worker on this service's queues (closed with the service). */
  startWorker: (options?: TestWorkerOptions) => Promise<TestWorker>;
  /** Files under the storage root, temp uploads included. */
  storedFiles: () => Promise<string[]>;
  close: () => Promise<void>;
}

export interface TestWorkerOptions {
  /** Jobs at once, over all queues [1]. */
  concurrency?: number;
  jobTimeoutMs?: number;
  pageTimeoutMs?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxPagePixels?: number;
  /** How long the writes that end an attempt are retried while the database is unreachable [30 s]. */
  dbWriteRetryMs?: number;
  /** Model folder of this worker's engine; default: the service's TESSDATA_DIR (env), as a worker process reads it. */
  tessdataDir?: string;
  /**
   * "canned" [default]: pages answered with what tesseract.js read from the same image earlier in the
   * run (canned-engine.ts), for tests about jobs rather than reading; "tesseract.js": the real engine.
   */
  engine?: "canned" | "tesseract.js";
  /** Wraps the OCR engine, e.g. to count its calls, slow it down or make one fail. */
  wrapEngine?: (engine: OcrEngine) => OcrEngine;
}

export interface TestWorker {
  /** Stops taking jobs; running ones get `graceMs` [0] to finish, then go back to the queue. */
  close: (graceMs?: number) => Promise<void>;
}

export interface TestServiceOptions {
  /** true: a worker in this process; "process": the real worker entry point in a child process. */
  withWorker?: boolean | "process";
  /** Options of the in-process worker that `withWorker: true` starts. */
  worker?: TestWorkerOptions;
  env?: Record<string, string>;
  /** Replaces the Redis URL the API uses (e.g. one nothing listens on). */
  apiRedisUrl?: string;
  /** Storage root to use instead of a fresh temp folder (e.g. a small tmpfs); the caller removes it. */
  storageDir?: string;
  /** Replaces the suite's Redis for the API and the workers (e.g. a private redis-server a test restarts). */
  redisUrl?: string;
  /** Replaces the suite's database (e.g. a private one, so the test counts only its own rows). */
  databaseUrl?: string;
  /** The web app's build to serve at `/` [apps/web/dist]. */
  webDistDir?: string;
  /** Stands for the API process's shutdown: aborting it ends the waits of submits (Prefer: wait). */
  shutdown?: AbortSignal;
}

/**
 * The real API on an ephemeral loopback port, and optionally a real worker,
 * against the suite's database and Redis, with a queue prefix and storage
 * folder of their own.
 */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const databaseUrl = options.databaseUrl ?? fileDatabaseUrl();
  const redisUrl = options.redisUrl ?? inject("redisUrl");
  const storageDir = options.storageDir ?? (await mkdtemp(path.join(tmpdir(), "ocrflow-files-")));
  // Two services given one QUEUE_PREFIX share it, as two API instances of one installation do.
  const prefix = options.env?.QUEUE_PREFIX ?? `test-${randomUUID()}`;
  const config = loadApiConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.apiRedisUrl ?? redisUrl,
    QUEUE_PREFIX: prefix,
    STORAGE_DIR: storageDir,
    PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "error",
    // Off unless a test sets them: many tests send more requests than a client would.
    RATE_LIMIT_PER_KEY: "0",
    RATE_LIMIT_PER_IP: "0",
    ...options.env,
  });
  const logger = createLogger({ level: config.LOG_LEVEL, json: false, service: "test" });
  const db = createDb(databaseUrl, { sqliteBusyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
  const storage = new FileStorage(storageDir);
  await storage.init();
  const redis = createRedis(config.REDIS_URL, "producer");
  redis.on("error", () => undefined);
  const queues = createOcrQueues(redis, prefix, logger);
  // Closing a queue whose connection is still being set up makes BullMQ reject
  // unhandled; an unreachable API Redis (apiRedisUrl) is never ready, so skip it.
  const webhooks = createWebhookOutbox(redis, prefix, { db, logger }, readWebhookSettings(config));
  if (!options.apiRedisUrl) await Promise.all([...Object.values(queues), webhooks.queue].map((queue) => queue.waitUntilReady()));
  const app = createApp({
    config,
    db,
    redis,
    queues,
    storage,
    logger,
    languages: loadLanguageCatalog(config.TESSDATA_DIR),
    webhooks,
    webDistDir: options.webDistDir,
    shutdown: options.shutdown,
  });
  const server = app.listen(0, "127.0.0.1");
  answerClientErrors(server);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  const testWorkers: TestWorker[] = [];
  const startWorker = async (workerOptions: TestWorkerOptions = {}): Promise<TestWorker> => {
    const concurrency = workerOptions.concurrency ?? 1;
    const tessdataDir = workerOptions.tessdataDir ?? config.TESSDATA_DIR;
    const engine =
      workerOptions.engine === "tesseract.js"
        ? createOcrEngine({ concurrency, tessdataDir })
        : createCannedEngine({ dir: inject("cannedPagesDir"), concurrency, tessdataDir });
    // The worker gets a database client of its own, as a worker process has:
    // sharing the API's would hide lock contention between the two.
    const workerDb = createDb(databaseUrl);
    const deps = {
      db: workerDb,
      storage,
      engine: workerOptions.wrapEngine?.(engine) ?? engine,
      logger,
      maxPages: 50,
      maxPagePixels: workerOptions.maxPagePixels,
      pageTimeoutMs: workerOptions.pageTimeoutMs ?? 300_000,
      dbWriteRetryMs: workerOptions.dbWriteRetryMs ?? 30_000,
    };
    const workers = await startWorkers(deps, {
      redisUrl,
      prefix,
      concurrency,
      jobTimeoutMs: workerOptions.jobTimeoutMs ?? 600_000,
      lockDurationMs: workerOptions.lockDurationMs,
      stalledIntervalMs: workerOptions.stalledIntervalMs,
      logger,
      webhooks: readWebhookSettings(config),
    });
    let closed: Promise<void> | undefined;
    const stop = async (graceMs: number) => {
      await workers.close(graceMs);
      await engine.terminate();
      await workerDb.$disconnect();
    };
    const worker = { close: (graceMs = 0) => (closed ??= stop(graceMs)) };
    testWorkers.push(worker);
    return worker;
  };

  let workerProcess: ServiceProcess | undefined;
  if (options.withWorker === "process") {
    workerProcess = await spawnWorker({ redisUrl, prefix, storage }, { DATABASE_URL: databaseUrl });
  } else if (options.withWorker) {
    await startWorker(options.worker);
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    storage,
    prefix,
    redisUrl,
    queues,
    webhooks,
    startWorker,
    createUser: async (name = "test user") => createApiKey(db, name),
    storedFiles: async () =>
      (await readdir(storageDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name),
    close: async () => {
      await Promise.all(testWorkers.map((worker) => worker.close()));
      if (workerProcess && workerProcess.child.exitCode === null) {
        const exited = once(workerProcess.child, "exit");
        workerProcess.child.kill("SIGTERM");
        await exited;
      }
      server.closeAllConnections();
      server.close();
      // Leave nothing of this service's queues in the shared Redis.
      if (redis.status === "ready") {
        await Promise.all([...Object.values(queues), webhooks.queue].map((queue) => queue.obliterate({ force: true })));
      }
      await closeOcrQueues(queues);
      await closeWebhookQueue(webhooks.queue);
      redis.disconnect();
      await db.$disconnect();
      if (!options.storageDir) await rm(storageDir, { recursive: true, force: true });
    },
  };
}
