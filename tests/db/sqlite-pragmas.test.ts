import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../packages/shared/src/db.ts";
import { applyMigrations } from "../../packages/shared/src/db-migrate.ts";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";

describe("a SQLite database opened with createDb", () => {
  let dir: string;
  let db: Db;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-pragmas-"));
    const databaseUrl = `file:${path.join(dir, "test.db")}`;
    await applyMigrations(databaseUrl, PRISMA_DIR);
    db = createDb(databaseUrl);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes ahead (WAL) and syncs every commit (FULL)", async () => {
    const [journal] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [sync] = await db.$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous");
    expect(journal?.journal_mode).toBe("wal");
    // 2 is FULL: a commit is on disk before it is acknowledged.
    expect(Number(sync?.synchronous)).toBe(2);
  });

  it("keeps the setting after a transaction and a reconnect", async () => {
    await db.$transaction(async (tx) => tx.user.create({ data: { name: "pragma check" } }));
    await db.$disconnect();
    await db.$connect();
    const [sync] = await db.$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous");
    expect(Number(sync?.synchronous)).toBe(2);
  });
});
