import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { createDriverAdapter } from "./db-provider.ts";
import { withDurableWrites } from "./sqlite-durable-writes.ts";
import { createWalSync } from "./sqlite-wal-sync.ts";

import type { Prisma } from "./generated/sqlite/client.ts";

export type { Document, Job, JobPage, Result, Batch, User, ApiKey } from "./generated/sqlite/client.ts";
export { dbProviderOf } from "./db-provider.ts";
export { isTransientDbError, leavesClientBroken } from "./db-errors.ts";
export { startWalCheckpoints, type WalCheckpoints } from "./sqlite-checkpoints.ts";

/**
 * Tagged SQL for `db.$queryRaw`, with values bound as parameters. The API's
 * reads on every request are raw SQL: Prisma 6 compiles each model query in
 * WASM first (0.4-0.8 ms of CPU each here), a raw one in about a quarter of
 * that, and the rows come back typed the same on both databases (Date,
 * boolean), except COUNT and SUM, which PostgreSQL gives as a bigint (sqlNumber).
 */
export { empty as emptySql, join as joinSql, raw as rawSql, sql } from "./generated/sqlite/internal/prismaNamespace.ts";

/** A COUNT or SUM column as a number (0 for none): PostgreSQL returns it as a bigint, SQLite as a number. */
export function sqlNumber(value: number | bigint | null | undefined): number {
  return Number(value ?? 0);
}

/**
 * The database client. Both generated clients come from the same models
 * (tests/db/schema-drift.test.ts), so one type serves both.
 */
export type Db = SqliteClient;

/** The client inside an interactive transaction (`db.$transaction(async (tx) => ...)`). */
export type DbTx = Prisma.TransactionClient;

export interface CreateDbOptions {
  sqliteBusyTimeoutMs?: number;
  /**
   * SQLite: this connection never checkpoints the WAL itself
   * (wal_autocheckpoint=0); the process runs startWalCheckpoints, which
   * does it from a thread, off the event loop. Only for a process that does.
   */
  backgroundCheckpoints?: boolean;
}

export function createDb(databaseUrl: string, options: CreateDbOptions = {}): Db {
  const adapter = createDriverAdapter(databaseUrl, options.sqliteBusyTimeoutMs);
  if (adapter instanceof PrismaLibSQL) {
    const pragmas = `${SQLITE_CONNECTION_PRAGMAS}${options.backgroundCheckpoints ? " PRAGMA wal_autocheckpoint = 0;" : ""}`;
    const sync = createWalSync(path.resolve(databaseUrl.slice("file:".length)));
    return new SqliteClient({ adapter: withConnectionPragmas(adapter, pragmas, sync) });
  }
  return new PostgresClient({ adapter }) as unknown as Db;
}

// WAL (set once by db-migrate) with synchronous=NORMAL: SQLite does not sync at
// commit; withDurableWrites waits for a group fdatasync of the WAL (off the
// event loop) before any write resolves, so a job answered with 202 survives a
// power cut as with FULL, without FULL's fsync on the event loop at every commit
// (1 ms on a quiet disk, tens to hundreds of ms on a busy one, during which no
// request moves). Checkpoints still sync the database file.
const SQLITE_CONNECTION_PRAGMAS = "PRAGMA synchronous = NORMAL;";

/**
 * Runs the pragmas when Prisma connects, and makes the connection's writes
 * durable. Prisma's libSQL adapter runs one query at a time, so its pool only
 * ever opens this one connection; a second one, should libSQL open it, would
 * just keep SQLite's own syncs (FULL) and checkpoints: slower, as durable.
 */
function withConnectionPragmas(factory: PrismaLibSQL, pragmas: string, sync: () => Promise<void>): PrismaLibSQL {
  const connect = factory.connect.bind(factory);
  return Object.assign(Object.create(factory) as PrismaLibSQL, {
    connect: async () => {
      const connection = await connect();
      await connection.executeScript(pragmas);
      return withDurableWrites(connection, sync);
    },
    // The factory's own methods read its private fields: called on it, not on this wrapper.
    connectToShadowDb: factory.connectToShadowDb.bind(factory),
  });
}
