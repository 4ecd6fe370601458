#!/usr/bin/env node
// Runs the Prisma CLI for the database DATABASE_URL names (SQLite by default).
// `generate` builds the clients of both schemas, since one build serves both.
//   node scripts/prisma.mjs generate | migrate deploy | migrate status | ...
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const databaseUrl = process.env.DATABASE_URL || "file:./data/ocrflow.db";

function runPrisma(args, env) {
  const run = spawnSync(prismaBin, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const args = process.argv.slice(2);
if (args[0] === "generate") {
  // The CLI only reads the schema (and so skips downloading a query engine)
  // when the datasource's env() resolves; any URL of the right kind will do.
  runPrisma(["generate", "--schema", "prisma/sqlite/schema.prisma"], { DATABASE_URL: "file:./data/ocrflow.db" });
  runPrisma(["generate", "--schema", "prisma/postgresql/schema.prisma"], { DATABASE_URL: "postgresql://localhost/ocrflow" });
} else {
  if (databaseUrl.startsWith("file:")) {
    // libSQL does not create the folder of a new database file.
    mkdirSync(path.dirname(path.resolve(root, databaseUrl.slice("file:".length))), { recursive: true });
  }
  runPrisma(args, { DATABASE_URL: databaseUrl });
}
