// `pnpm start`: the whole service on one machine. Applies migrations, makes
// sure Redis answers (starting a local redis-server if needed), then runs the
// API and one worker, stopping everything when either stops.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { applyMigrations } from "../packages/shared/src/db-migrate.ts";
import { commonEnvSchema, parseEnv } from "../packages/shared/src/env.ts";
import { PRISMA_DIR } from "../packages/shared/src/paths.ts";
import { runMain } from "../packages/shared/src/process.ts";
import { ensureRedis } from "./lib/local-redis.ts";

const log = (message: string) => console.log(`[ocrflow] ${message}`);

async function main(): Promise<void> {
  const config = parseEnv(commonEnvSchema, process.env);
  const { applied } = await applyMigrations(config.DATABASE_URL, PRISMA_DIR);
  if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
  const redis = await ensureRedis(config.REDIS_URL, { dataDir: path.join(path.dirname(config.STORAGE_DIR), "redis"), log });

  const children: ChildProcess[] = [];
  let stopping = false;
  const exited = (child: ChildProcess) => (child.exitCode === null && child.signalCode === null ? once(child, "exit") : Promise.resolve());
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map(exited));
    // Redis last, once nothing uses it; it writes its append-only file on the way out.
    if (redis) {
      redis.kill("SIGTERM");
      await exited(redis);
    }
    process.exit(code);
  };
  // As in production: each side bundled (scripts/build.mjs) and run by plain node, no tsx loader.
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  const env = { MALLOC_ARENA_MAX: "2", ...process.env };
  for (const [entry, ...flags] of [["apps/api/dist/main.mjs", "--max-semi-space-size=1"], ["apps/worker/dist/main.mjs"]]) {
    const child = spawn(process.execPath, [...flags, entry!], { stdio: "inherit", env });
    child.once("exit", (code) => {
      if (!stopping) log(`${entry} exited with code ${code}; stopping`);
      void stopAll(code ?? 1);
    });
    children.push(child);
  }
  process.once("SIGTERM", () => void stopAll(0));
  process.once("SIGINT", () => void stopAll(0));
}

runMain(main);
