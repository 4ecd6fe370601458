import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, dbProviderOf } from "../../packages/shared/src/db.ts";
import { applyMigrations } from "../../packages/shared/src/db-migrate.ts";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

describe("the migration runner", () => {
  const databaseUrl = fileDatabaseUrl();
  const db = createDb(databaseUrl);
  afterAll(async () => db.$disconnect());

  it("applies nothing twice, and records every migration as Prisma does", async () => {
    expect(await applyMigrations(databaseUrl, PRISMA_DIR)).toEqual({ applied: [] });
    const provider = dbProviderOf(databaseUrl);
    const folders = (await readdir(path.join(PRISMA_DIR, provider, "migrations"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(folders.sort());
  });

  // Only SQLite has a journal mode; the PostgreSQL run reports this test as skipped.
  it.runIf(dbProviderOf(databaseUrl) === "sqlite")(
    "leaves SQLite in write-ahead-log mode, so readers and a writer do not block each other",
    async () => {
      const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      expect(mode.journal_mode).toBe("wal");
    },
  );
});
