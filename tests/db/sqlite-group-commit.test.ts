import { describe, expect, it } from "vitest";
import { withDurableWrites } from "../../packages/shared/src/sqlite-durable-writes.ts";
import { groupCalls } from "../../packages/shared/src/sqlite-wal-sync.ts";

/** A sync whose runs finish when the test says; `started` counts them. */
function manualSync() {
  const runs: (() => void)[] = [];
  return {
    syncOnce: () => new Promise<void>((resolve) => runs.push(resolve)),
    started: () => runs.length,
    finish: async (run: number) => {
      runs[run]!();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe("group commit of the WAL (groupCalls)", () => {
  it("answers a caller only with a sync that started after it called, and lets the callers of one run share the next", async () => {
    const sync = manualSync();
    const sharedSync = groupCalls(sync.syncOnce);
    const settled: string[] = [];
    const first = sharedSync().then(() => settled.push("first"));
    // These two commit while the first sync runs: it may have missed their writes.
    const second = sharedSync().then(() => settled.push("second"));
    const third = sharedSync().then(() => settled.push("third"));
    expect(sync.started()).toBe(1);
    await sync.finish(0);
    await first;
    expect(settled).toEqual(["first"]);
    expect(sync.started()).toBe(2);
    await sync.finish(1);
    await Promise.all([second, third]);
    expect(settled).toEqual(["first", "second", "third"]);
    expect(sync.started()).toBe(2);
  });

  it("passes a failed sync on to its callers, and the next caller starts a new one", async () => {
    let fail = true;
    const sharedSync = groupCalls(async () => {
      if (fail) throw new Error("EIO");
    });
    await expect(sharedSync()).rejects.toThrow("EIO");
    fail = false;
    await expect(sharedSync()).resolves.toBeUndefined();
  });
});

describe("a connection with durable writes (withDurableWrites)", () => {
  /** The parts of a libSQL connection the wrapper touches, logging what runs in order. */
  function fakeConnection(log: string[]) {
    const transaction = {
      queryRaw: async (query: { sql: string }) => {
        log.push(`tx ${query.sql}`);
        return { columnNames: [], columnTypes: [], rows: [] };
      },
      commit: async () => void log.push("commit"),
    };
    return {
      queryRaw: async (query: { sql: string }) => {
        log.push(query.sql);
        return { columnNames: [], columnTypes: [], rows: [] };
      },
      executeRaw: async (query: { sql: string }) => {
        log.push(query.sql);
        return 1;
      },
      executeScript: async (script: string) => void log.push(script),
      startTransaction: async () => transaction,
    };
  }

  it("resolves a write only after a sync, a read without one, and a transaction's statements at its commit", async () => {
    const log: string[] = [];
    const sync = async () => void log.push("sync");
    const connection = withDurableWrites(fakeConnection(log) as any, sync);
    const query = (sql: string) => ({ sql, args: [], argTypes: [] });
    await connection.queryRaw(query(`SELECT * FROM "Job"`));
    await connection.queryRaw(query(`INSERT INTO "Job" ("id") VALUES (?) RETURNING *`));
    await connection.executeRaw(query(`UPDATE "Job" SET "status" = 'failed'`));
    const transaction = await connection.startTransaction();
    await transaction.queryRaw(query(`INSERT INTO "Batch" ("id") VALUES (?)`));
    await transaction.commit();
    expect(log).toEqual([
      `SELECT * FROM "Job"`,
      `INSERT INTO "Job" ("id") VALUES (?) RETURNING *`,
      "sync",
      `UPDATE "Job" SET "status" = 'failed'`,
      "sync",
      `tx INSERT INTO "Batch" ("id") VALUES (?)`,
      "commit",
      "sync",
    ]);
  });
});
