import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { createApiKey } from "../../apps/api/src/auth/create-api-key.ts";
import { createDb } from "../../packages/shared/src/db.ts";
import { applyMigrations } from "../../packages/shared/src/db-migrate.ts";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

export type BenchService = {
  baseUrl: string;
  key: string;
  apiPid: number;
  workerPids: number[];
  close: () => Promise<void>;
};

export type BenchServiceOptions = {
  /** Worker processes to start (0: the API alone, workers idle). */
  workers: number;
  /** WORKER_CONCURRENCY of each worker process. */
  workerConcurrency: number;
  env?: Record<string, string>;
};

/**
 * The real service as `pnpm start` runs it, on loopback: the API and worker
 * entry points as child processes, a fresh SQLite database and storage folder
 * in a temp dir, and a queue prefix of its own on the local Redis. `close`
 * stops them and removes every trace (files and Redis keys).
 */
export async function startBenchService(options: BenchServiceOptions): Promise<BenchService> {
  const dir = await mkdtemp(path.join(tmpdir(), "ocrflow-bench-"));
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  const prefix = `bench-${randomUUID()}`;
  await applyMigrations(databaseUrl, PRISMA_DIR);
  const db = createDb(databaseUrl);
  const { key } = await createApiKey(db, "bench");
  await db.$disconnect();
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    STORAGE_DIR: path.join(dir, "files"),
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "warn",
    LOG_FORMAT: "json",
    ...options.env,
  };
  const children: ChildProcess[] = [];
  const startEntry = (entry: string, extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry], { env: { ...env, ...extra }, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout!.resume();
    children.push(child);
    return child;
  };
  const close = async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, "exit") : undefined)));
    await deleteRedisKeys(`${prefix}:*`);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const api = startEntry("apps/api/src/main.ts");
    const workers = Array.from({ length: options.workers }, () =>
      startEntry("apps/worker/src/main.ts", { WORKER_CONCURRENCY: String(options.workerConcurrency), LOG_LEVEL: "info" }),
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    await Promise.all([waitForReady(baseUrl), ...workers.map(waitForWorkerStarted)]);
    return { baseUrl, key, apiPid: api.pid!, workerPids: workers.map((worker) => worker.pid!), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function waitForReady(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`API at ${baseUrl} not ready after 60 s`);
}

/** The worker logs "worker started" once its OCR model is loaded and it takes jobs. */
function waitForWorkerStarted(worker: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("worker did not start within 120 s")), 120_000);
    worker.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("worker started")) {
        clearTimeout(timer);
        resolve();
      }
    });
    worker.once("exit", (code) => reject(new Error(`worker exited with code ${code} during start-up`)));
  });
}

async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** Peak resident memory (VmHWM) of a process so far, in MB; undefined once it has exited. */
export async function peakRssMb(pid: number): Promise<number | undefined> {
  const { readFile } = await import("node:fs/promises");
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => undefined);
  const match = status?.match(/VmHWM:\s+(\d+) kB/);
  return match ? Number(match[1]) / 1024 : undefined;
}

/** CPU time (user + system, all threads) a process has used so far, in seconds. */
export async function cpuSeconds(pid: number): Promise<number | undefined> {
  const { readFile } = await import("node:fs/promises");
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (!stat) return undefined;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
