// `pnpm start`: the whole service on one machine. Applies migrations, makes
// sure Redis answers (starting a local redis-server if needed), then runs the
// API and WORKER_PROCESSES workers under supervision (lib/supervisor.ts): a
// child that exits unasked is restarted, one that keeps exiting stops
// everything, and SIGTERM / SIGINT stop them all, Redis last.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { applyMigrations } from "../packages/shared/src/db-migrate.ts";
import { PRISMA_DIR } from "../packages/shared/src/paths.ts";
import { runMain } from "../packages/shared/src/process.ts";
import { localRedisCommand, redisAnswers, waitForLocalRedis } from "./lib/local-redis.ts";
import { loadStartConfig } from "./lib/start-config.ts";
import { type CrashLoop, createSupervisor, type Supervisor } from "./lib/supervisor.ts";

const log = (message: string) => console.log(`[ocrflow] ${message}`);

function reportCrashLoop(crash: CrashLoop): void {
  console.error(
    [
      `[ocrflow] ${crash.name} keeps exiting (${crash.exits} exits in a row, the last with ${crash.lastExit}); stopping everything.`,
      `[ocrflow] its log: ${crash.logFile}; ${crash.lastLines.length > 0 ? "its last lines:" : "it wrote nothing there."}`,
      ...crash.lastLines.map((line) => `  ${line}`),
    ].join("\n"),
  );
}

/** Starts the local redis-server under supervision and waits until it answers; on failure stops it and says why. */
async function startLocalRedis(supervisor: Supervisor, url: string, dataDir: string): Promise<void> {
  const { command, args } = localRedisCommand(url, dataDir);
  log(`starting redis-server on 127.0.0.1:${new URL(url).port || "6379"}`);
  const redis = supervisor.start({ name: "redis", command, args, echo: false, stopLast: true });
  try {
    await waitForLocalRedis(url, () => redis.lastExit);
  } catch (error) {
    await supervisor.stop();
    throw new Error([`${(error as Error).message}; its log, ${redis.logFile}, ends with:`, ...redis.lastLines(5)].join("\n  "));
  }
}

async function main(): Promise<void> {
  const config = loadStartConfig(process.env);
  const { applied } = await applyMigrations(config.DATABASE_URL, PRISMA_DIR);
  if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
  const dataDir = path.dirname(config.STORAGE_DIR);
  const logDir = path.resolve(dataDir, "logs");

  // The first reason to stop wins: a crash loop's exit code 1 is not turned into 0 by a later Ctrl-C.
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    void supervisor.stop().then(() => process.exit(code));
  };
  const supervisor = createSupervisor({
    logDir,
    log,
    onCrashLoop: (crash) => {
      reportCrashLoop(crash);
      stopAll(1);
    },
  });
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => stopAll(0));
  // Should this process end some other way, its children are not left behind.
  process.once("exit", () => supervisor.terminateAll());

  const localRedis = !(await redisAnswers(config.REDIS_URL));
  log(`each process logs to ${logDir}/<name>.log: api, worker-1${config.WORKER_PROCESSES > 1 ? "..." : ""}${localRedis ? ", redis" : ""}`);
  if (localRedis) await startLocalRedis(supervisor, config.REDIS_URL, path.join(dataDir, "redis"));

  // As in production: each side bundled (scripts/build.mjs) and run by plain node, no tsx loader.
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  const env = { MALLOC_ARENA_MAX: "2", ...process.env };
  supervisor.start({
    name: "api",
    command: process.execPath,
    args: ["--max-semi-space-size=1", "apps/api/dist/main.mjs"],
    env,
    echo: true,
  });
  config.workerMetricsPorts.forEach((metricsPort, index) => {
    supervisor.start({
      name: `worker-${index + 1}`,
      command: process.execPath,
      args: ["apps/worker/dist/main.mjs"],
      env: { ...env, WORKER_METRICS_PORT: String(metricsPort) },
      echo: true,
    });
  });
}

runMain(main);
