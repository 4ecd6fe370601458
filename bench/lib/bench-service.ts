import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import pg from "pg";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiKey } from "../../apps/api/src/auth/create-api-key.ts";
import { createDb } from "../../packages/shared/src/db.ts";
import type { DbProvider } from "../../packages/shared/src/db-provider.ts";
import { applyMigrations } from "../../packages/shared/src/db-migrate.ts";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";
// The tests' loopback helpers: free port, readiness poll, Redis clean-up.
import { freePort } from "../../tests/support/free-port.ts";
import { deleteQueueKeys } from "../../tests/support/service-processes.ts";
import { waitFor } from "../../tests/support/wait-for.ts";

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
/** The PostgreSQL server of `--db postgresql`; each service gets a schema of its own there, dropped on close. */
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export type BenchService = {
  baseUrl: string;
  key: string;
  /** The bench user's id and database, to seed rows directly (lists). */
  userId: string;
  databaseUrl: string;
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
  /** Variables of the worker processes only, as supervisord.conf and docker-compose.yml set them (MALLOC_ARENA_MAX). */
  workerEnv?: Record<string, string>;
  /** Node options of the API process before its entry point (`--import` of a tracing preload). */
  apiNodeArgs?: string[];
  /** Variables of the API process only. */
  apiEnv?: Record<string, string>;
  /** The database the service runs on [sqlite: a file in the temp dir]. */
  database?: DbProvider;
};

/**
 * The real service as `pnpm start` runs it, on loopback: the API and worker
 * entry points as child processes, a fresh SQLite database (or PostgreSQL
 * schema) and storage folder in a temp dir, and a queue prefix of its own on the local Redis. `close`
 * stops them and removes every trace (files and Redis keys).
 */
export async function startBenchService(options: BenchServiceOptions): Promise<BenchService> {
  const dir = await mkdtemp(path.join(tmpdir(), "ocrflow-bench-"));
  const schema = `bench_${randomUUID().replaceAll("-", "")}`;
  const databaseUrl = options.database === "postgresql" ? `${POSTGRES_URL}?schema=${schema}` : `file:${path.join(dir, "bench.db")}`;
  const prefix = `bench-${randomUUID()}`;
  await applyMigrations(databaseUrl, PRISMA_DIR);
  const db = createDb(databaseUrl);
  const { key, userId } = await createApiKey(db, "bench");
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
    // The bench drives one key far past any client's rate: limits off.
    RATE_LIMIT_PER_KEY: "0",
    RATE_LIMIT_PER_IP: "0",
    ...options.env,
  };
  const children: ChildProcess[] = [];
  // As production runs them (package.json start:api / start:worker): bundles on plain node.
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
  const startEntry = (args: string[], extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, args, { env: { ...env, ...extra }, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout!.resume();
    children.push(child);
    return child;
  };
  const close = async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, "exit") : undefined)));
    await deleteQueueKeys(REDIS_URL, prefix);
    if (options.database === "postgresql") await dropSchema(schema);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const api = startEntry([...(options.apiNodeArgs ?? []), "--max-semi-space-size=1", "apps/api/dist/main.mjs"], {
      MALLOC_ARENA_MAX: "2",
      ...options.apiEnv,
    });
    const workers = Array.from({ length: options.workers }, () =>
      startEntry(["apps/worker/dist/main.mjs"], {
        ...options.workerEnv,
        WORKER_CONCURRENCY: String(options.workerConcurrency),
        LOG_LEVEL: "info",
      }),
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    const apiReady = () =>
      fetch(`${baseUrl}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
    await Promise.all([waitFor("the API to be ready", apiReady, 60_000), ...workers.map(waitForWorkerStarted)]);
    return { baseUrl, key, userId, databaseUrl, apiPid: api.pid!, workerPids: workers.map((worker) => worker.pid!), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
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

/** Peak resident memory (VmHWM) of a process so far, in MB; undefined once it has exited. */
export async function peakRssMb(pid: number): Promise<number | undefined> {
  const { readFile } = await import("node:fs/promises");
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => undefined);
  const match = status?.match(/VmHWM:\s+(\d+) kB/);
  return match ? Number(match[1]) / 1024 : undefined;
}

/**
 * CPU time (user + system, all threads) a process has used so far, in seconds, with that of
 * its children that have exited (the worker's PDF renderer processes, one per document).
 */
export async function cpuSeconds(pid: number): Promise<number | undefined> {
  const { readFile } = await import("node:fs/promises");
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (!stat) return undefined;
  // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are the 12th to 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}
