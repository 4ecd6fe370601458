import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Logger } from "./logger.ts";

/** How often the checkpoint thread copies the WAL into the database file. */
export const WAL_CHECKPOINT_INTERVAL_MS = 1_000;

// packages/shared (this file is packages/shared/src/*.ts, or a bundle at apps/<name>/dist/main.mjs: three levels down either way).
const SHARED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../packages/shared");

// The thread's code: libsql's synchronous API, on a connection of its own. PASSIVE never waits for, nor blocks, readers and writers.
const THREAD_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.libsqlPath);
const db = new Database(workerData.databaseFile);
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const timer = setInterval(() => {
  try {
    checkpoint.all();
  } catch (error) {
    parentPort.postMessage(String(error && error.message));
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  try { checkpoint.all(); } catch {}
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpoints {
  stop(): Promise<void>;
}

/**
 * Checkpoints a SQLite database's WAL from a worker thread, every `intervalMs`,
 * for a process whose own connection has wal_autocheckpoint=0 (createDb's
 * `backgroundCheckpoints`). Otherwise the commit that takes the WAL past 1000
 * pages checkpoints inside itself: copying and syncing the pages to the
 * database file on the event loop, tens of milliseconds that every request
 * in flight waits for. Nothing for PostgreSQL.
 */
export function startWalCheckpoints(databaseUrl: string, logger: Logger, intervalMs = WAL_CHECKPOINT_INTERVAL_MS): WalCheckpoints {
  if (!databaseUrl.startsWith("file:")) return { stop: async () => undefined };
  const libsqlPath = createRequire(createRequire(path.join(SHARED_DIR, "package.json")).resolve("@libsql/client")).resolve("libsql");
  const databaseFile = path.resolve(databaseUrl.slice("file:".length));
  // The thread holds one prepared statement: small heaps keep its cost to the process's memory down.
  const worker = new Worker(THREAD_CODE, {
    eval: true,
    workerData: { libsqlPath, databaseFile, intervalMs },
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
  });
  worker.unref();
  worker.on("message", (message: string) => logger.warn("WAL checkpoint failed", { error: message }));
  worker.on("error", (error) => logger.error("WAL checkpoint thread failed", { error: error.message }));
  return {
    stop: async () => {
      if (worker.threadId < 0) return;
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage("stop");
      await exited;
    },
  };
}
