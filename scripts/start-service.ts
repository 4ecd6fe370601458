// `pnpm start`: the whole service on one machine. Applies migrations, makes
// sure Redis answers (starting a local redis-server if needed), then runs the
// API and one worker, stopping everything when either stops.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { applyMigrations } from "../packages/shared/src/db-migrate.ts";
import { commonEnvSchema, parseEnv } from "../packages/shared/src/env.ts";
import { PRISMA_DIR } from "../packages/shared/src/paths.ts";
import { ensureRedis } from "./lib/local-redis.ts";

const log = (message: string) => console.log(`[ocrflow] ${message}`);

async function main(): Promise<void> {
  const config = parseEnv(commonEnvSchema, process.env);
  const { applied } = await applyMigrations(config.DATABASE_URL, PRISMA_DIR);
  if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
  const redis = await ensureRedis(config.REDIS_URL, { dataDir: path.join(path.dirname(config.STORAGE_DIR), "redis"), log });

  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : null))).then(() => {
      redis?.kill("SIGTERM");
      process.exit(code);
    });
  };
  for (const entry of ["apps/api/src/main.ts", "apps/worker/src/main.ts"]) {
    const child = spawn(process.execPath, ["--import", "tsx", entry], { stdio: "inherit", env: process.env });
    child.once("exit", (code) => {
      if (!stopping) log(`${entry} exited with code ${code}; stopping`);
      stopAll(code ?? 1);
    });
    children.push(child);
  }
  process.once("SIGTERM", () => stopAll(0));
  process.once("SIGINT", () => stopAll(0));
}

main().catch((error: unknown) => {
  console.error(`[ocrflow] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
