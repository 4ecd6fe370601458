import { randomUUID } from "node:crypto";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/** Where the PostgreSQL suite creates its throw-away databases. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/**
 * A new database: empty, or a copy of `template` (a migrated database, so a
 * test file gets its own in milliseconds): a temp SQLite file or a fresh
 * PostgreSQL database.
 */
export async function createTestDatabase(provider: "sqlite" | "postgresql", template?: string): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = await mkdtemp(path.join(tmpdir(), "ocrflow-db-"));
    const file = path.join(dir, "test.db");
    if (template) await copySqliteDatabase(sqliteFileOf(template), file);
    return { url: `file:${file}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `ocrflow_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect().catch((error: Error) => {
    throw new Error(
      `PostgreSQL does not answer at ${TEST_POSTGRES_URL} (${error.message}); scripts/test.sh starts it, or set TEST_POSTGRES_URL`,
    );
  });
  try {
    await createPostgresDatabase(admin, name, template ? new URL(template).pathname.slice(1) : undefined);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A copy of a SQLite database nobody writes to any more: its file and, when
 * its last connection has not checkpointed yet, its write-ahead log, which
 * may still hold the migrations; SQLite replays it when the copy is opened.
 */
async function copySqliteDatabase(from: string, to: string): Promise<void> {
  await copyFile(from, to);
  await copyFile(`${from}-wal`, `${to}-wal`).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

/** The database file of a `file:` URL. */
function sqliteFileOf(url: string): string {
  return url.replace(/^file:/, "").split("?")[0]!;
}

// PostgreSQL refuses to copy a template while another session copies it
// (55006 "source database ... is being accessed by other users"): test files
// starting together wait their turn.
async function createPostgresDatabase(admin: pg.Client, name: string, template: string | undefined): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

/**
 * The database of the test file being run: a copy of the suite's migrated
 * template made for this file alone (tests/support/file-database.ts), so
 * files run side by side without seeing each other's rows or locks.
 */
export function fileDatabaseUrl(): string {
  const url = process.env[FILE_DATABASE_URL];
  if (!url) throw new Error("no database for this test file: run it in an integration project (tests/support/file-database.ts)");
  return url;
}

/** The environment variable through which file-database.ts hands the file its database. */
export const FILE_DATABASE_URL = "OCRFLOW_TEST_FILE_DATABASE_URL";
