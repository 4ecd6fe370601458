import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyFailure } from "../../apps/worker/src/jobs/classify-failure.ts";
import { retryDbWrite } from "../../apps/worker/src/jobs/retry-db-write.ts";
import { createDb, type Db, isTransientDbError } from "../../packages/shared/src/db.ts";
import { applyMigrations } from "../../packages/shared/src/db-migrate.ts";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";
import { freePort } from "../support/free-port.ts";

/** What `work` rejects with (it must reject). */
async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error,
  );
}

describe("which database errors a worker retries (real errors from real databases)", () => {
  let dir: string;
  let databaseUrl: string;
  let db: Db;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-db-failures-"));
    databaseUrl = `file:${path.join(dir, "test.db")}`;
    await applyMigrations(databaseUrl, PRISMA_DIR);
    db = createDb(databaseUrl);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  describe("when the database cannot be reached or is busy", () => {
    it("retries a PostgreSQL server that refuses the connection, as a dependency fault", async () => {
      const unreachable = createDb(`postgresql://postgres@127.0.0.1:${await freePort()}/test`);
      try {
        const error = await rejectionOf(unreachable.job.findMany({ take: 1 }));
        expect(isTransientDbError(error)).toBe(true);
        expect(classifyFailure(error)).toEqual({
          code: "DEPENDENCY_UNAVAILABLE",
          message: "The database could not be reached",
          retryable: true,
        });
      } finally {
        await unreachable.$disconnect();
      }
    });

    it("retries a SQLite write refused because another process holds the write lock", async () => {
      const holder = createDb(databaseUrl);
      const waiter = createDb(databaseUrl, { sqliteBusyTimeoutMs: 100 });
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holding = holder.$transaction(async (tx) => {
        await tx.user.create({ data: { name: "lock holder" } });
        locked();
        await released;
      });
      try {
        await lockTaken;
        const error = await rejectionOf(waiter.user.create({ data: { name: "waiter" } }));
        expect(classifyFailure(error)).toMatchObject({ code: "DEPENDENCY_UNAVAILABLE", retryable: true });
      } finally {
        release();
        await holding;
        await Promise.all([holder.$disconnect(), waiter.$disconnect()]);
      }
    });
  });

  describe("when the write itself is wrong", () => {
    it("fails a unique-constraint violation at once, without a retry", async () => {
      const user = await db.user.create({ data: { name: "owner" } });
      const key = { userId: user.id, name: "k", keyHash: randomUUID(), prefix: "ofk_" };
      await db.apiKey.create({ data: key });
      let tries = 0;
      const error = await rejectionOf(
        retryDbWrite(
          db,
          () => {
            tries += 1;
            return db.apiKey.create({ data: key });
          },
          60_000,
        ),
      );
      expect(tries).toBe(1);
      expect(isTransientDbError(error)).toBe(false);
      expect(classifyFailure(error)).toEqual({ code: "INTERNAL", message: "A database error stopped the job", retryable: false });
    });

    it("fails an update of a row that does not exist at once, without a retry", async () => {
      let tries = 0;
      const error = await rejectionOf(
        retryDbWrite(
          db,
          () => {
            tries += 1;
            return db.document.update({ where: { id: randomUUID() }, data: { pageCount: 1 } });
          },
          60_000,
        ),
      );
      expect(tries).toBe(1);
      expect(classifyFailure(error)).toMatchObject({ code: "INTERNAL", retryable: false });
    });
  });

  it("retries a transient write until it succeeds, within its window", async () => {
    let tries = 0;
    const written = await retryDbWrite(
      db,
      async () => {
        tries += 1;
        if (tries < 3) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
        return "written";
      },
      60_000,
    );
    expect({ written, tries }).toEqual({ written: "written", tries: 3 });
  });
});
