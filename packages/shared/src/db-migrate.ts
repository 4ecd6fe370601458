// Applies prisma/<provider>/migrations in order, recording them in Prisma's own
// `_prisma_migrations` table. The Prisma CLI cannot do this offline for
// PostgreSQL (its JS schema engine fails on adapter-pg, prisma/orm#27403), so
// one runner serves both databases; `prisma migrate status` reads what it
// records (checked on SQLite, where that CLI works offline).
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { dbProviderOf, DEFAULT_SQLITE_BUSY_TIMEOUT_MS } from "./db-provider.ts";

// Prisma's own layout of the table, per database, so its CLI can read it.
const CREATE_TABLE = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
  )`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`,
};

interface SqlRunner {
  /** Runs a script of one or more statements. */
  exec(sql: string): Promise<void>;
  appliedNames(): Promise<Set<string>>;
  record(name: string, checksum: string): Promise<void>;
  close(): Promise<void>;
}

export interface MigrationsOutcome {
  applied: string[];
}

/** Applies every migration not yet applied; returns the names it applied. */
export async function applyMigrations(databaseUrl: string, migrationsRoot: string): Promise<MigrationsOutcome> {
  const provider = dbProviderOf(databaseUrl);
  const folder = path.join(migrationsRoot, provider, "migrations");
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const runner = provider === "sqlite" ? await openSqlite(databaseUrl) : await openPostgres(databaseUrl);
  const applied: string[] = [];
  try {
    await runner.exec(CREATE_TABLE[provider]);
    const done = await runner.appliedNames();
    for (const name of names.filter((n) => !done.has(n))) {
      const sql = await readFile(path.join(folder, name, "migration.sql"), "utf8");
      await runner.exec(sql);
      await runner.record(name, createHash("sha256").update(sql).digest("hex"));
      applied.push(name);
    }
  } finally {
    await runner.close();
  }
  return { applied };
}

async function openSqlite(databaseUrl: string): Promise<SqlRunner> {
  // libSQL does not create the folder of a new database file.
  await mkdir(path.dirname(path.resolve(databaseUrl.slice("file:".length))), { recursive: true });
  const client = createClient({ url: databaseUrl, timeout: DEFAULT_SQLITE_BUSY_TIMEOUT_MS });
  // Write-ahead logging lets the API read while a worker writes (and the
  // reverse); the mode is stored in the database file, so once is enough.
  await client.execute("PRAGMA journal_mode = WAL");
  return {
    exec: async (sql) => {
      const script = sql.trimEnd().endsWith(";") ? sql : `${sql};`;
      await client.executeMultiple(`BEGIN;\n${script}\nCOMMIT;`);
    },
    appliedNames: async () => {
      const rows = await client.execute(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
      return new Set(rows.rows.map((row) => String(row.migration_name)));
    },
    record: async (name, checksum) => {
      // The form Prisma writes and reads back: RFC 3339 with "+00:00".
      const now = new Date().toISOString().replace("Z", "+00:00");
      await client.execute({
        sql: `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        args: [randomUUID(), checksum, now, name, now],
      });
    },
    close: async () => client.close(),
  };
}

// Holds an advisory lock for the whole run so API and workers starting
// together on several hosts never apply the same migration twice.
const PG_LOCK_KEY = 72_707_369;

async function openPostgres(databaseUrl: string): Promise<SqlRunner> {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema");
  url.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  if (schema) {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`);
  }
  await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]);
  return {
    // A multi-statement simple query runs as one transaction.
    exec: async (sql) => {
      await client.query(sql);
    },
    appliedNames: async () => {
      const rows = await client.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
      return new Set(rows.rows.map((row: { migration_name: string }) => row.migration_name));
    },
    record: async (name, checksum) => {
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), checksum, name],
      );
    },
    close: async () => {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]).catch(() => undefined);
      await client.end();
    },
  };
}
