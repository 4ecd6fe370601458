import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../packages/shared/src/db-migrate.ts";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";
import { ensureRedis } from "../../scripts/lib/local-redis.ts";
import { createTestDatabase } from "./test-databases.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated database that each test file copies (file-database.ts); tests never write to it. */
    templateDatabaseUrl: string;
    redisUrl: string;
    /** Where the canned OCR engine keeps the pages read in this run (canned-engine.ts). */
    cannedPagesDir: string;
  }
}

// The machine's Redis when one answers; otherwise one started for the run.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** One fresh, migrated template database and a reachable Redis for a whole suite run. */
export async function setupIntegration(project: TestProject, provider: "sqlite" | "postgresql") {
  const database = await createTestDatabase(provider);
  await applyMigrations(database.url, PRISMA_DIR);
  const redis = await ensureRedis(REDIS_URL, { log: (message) => console.log(message) });
  project.provide("templateDatabaseUrl", database.url);
  project.provide("redisUrl", REDIS_URL);
  const cannedPagesDir = await mkdtemp(path.join(tmpdir(), "ocrflow-canned-pages-"));
  project.provide("cannedPagesDir", cannedPagesDir);
  // One database holds the rows of every test's queue prefix, so a worker's reconciler would
  // enqueue other tests' jobs into its own queues: off in test workers unless a test turns it on.
  process.env.RECONCILE_INTERVAL_MS ??= "0";
  return async () => {
    redis?.kill("SIGTERM");
    await database.drop();
    await rm(cannedPagesDir, { recursive: true, force: true });
  };
}
