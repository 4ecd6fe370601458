import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db, startWalCheckpoints } from "../../packages/shared/src/db.ts";
import { applyMigrations } from "../../packages/shared/src/db-migrate.ts";
import { createLogger } from "../../packages/shared/src/logger.ts";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";
import { waitFor } from "../support/wait-for.ts";

const pragma = async (db: Db, name: string) => {
  const [row] = await db.$queryRawUnsafe<Record<string, number | bigint | string>[]>(`PRAGMA ${name}`);
  return row ? Object.values(row)[0] : undefined;
};

describe("a SQLite database opened with createDb", () => {
  let dir: string;
  let databaseUrl: string;
  let db: Db;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-pragmas-"));
    databaseUrl = `file:${path.join(dir, "test.db")}`;
    await applyMigrations(databaseUrl, PRISMA_DIR);
    db = createDb(databaseUrl);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes ahead (WAL), leaves the commit's sync to its own group commit (NORMAL) and checkpoints by itself", async () => {
    expect(await pragma(db, "journal_mode")).toBe("wal");
    // 1 is NORMAL: no fsync inside the commit; withDurableWrites syncs the WAL before the write resolves.
    expect(Number(await pragma(db, "synchronous"))).toBe(1);
    expect(Number(await pragma(db, "wal_autocheckpoint"))).toBe(1000);
  });

  it("keeps the settings after a transaction and a reconnect", async () => {
    await db.$transaction(async (tx) => tx.user.create({ data: { name: "pragma check" } }));
    await db.$disconnect();
    await db.$connect();
    expect(Number(await pragma(db, "synchronous"))).toBe(1);
  });

  describe("with background checkpoints", () => {
    it("never checkpoints inside a commit, and the checkpoint thread copies the WAL into the database file", async () => {
      const background = createDb(databaseUrl, { backgroundCheckpoints: true });
      const logger = createLogger({ level: "error", json: true, service: "test" });
      try {
        expect(Number(await pragma(background, "wal_autocheckpoint"))).toBe(0);
        const mainFile = path.join(dir, "test.db");
        // Checkpoint what earlier tests left, so only these rows remain in the WAL.
        await background.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
        const before = (await stat(mainFile)).size;
        for (let i = 0; i < 300; i += 1) await background.user.create({ data: { name: `checkpoint ${i} ${"x".repeat(200)}` } });
        // 300 rows of 200+ bytes take more pages than the file had: they reach it only through a checkpoint.
        expect((await stat(mainFile)).size).toBe(before);
        const checkpoints = startWalCheckpoints(databaseUrl, logger, 50);
        try {
          await waitFor("a checkpoint to grow the database file", async () => (await stat(mainFile)).size > before, 5_000);
        } finally {
          await checkpoints.stop();
        }
      } finally {
        await background.$disconnect();
      }
    });
  });
});
