import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { createDriverAdapter } from "./db-provider.ts";

import type { Prisma } from "./generated/sqlite/client.ts";

export type { Document, Job, JobPage, Result, Batch, User, ApiKey } from "./generated/sqlite/client.ts";
export { dbProviderOf } from "./db-provider.ts";
export { isTransientDbError, leavesClientBroken } from "./db-errors.ts";

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

export function createDb(databaseUrl: string, options: { sqliteBusyTimeoutMs?: number } = {}): Db {
  const adapter = createDriverAdapter(databaseUrl, options.sqliteBusyTimeoutMs);
  if (adapter instanceof PrismaLibSQL) return new SqliteClient({ adapter: withConnectionPragmas(adapter) });
  return new PostgresClient({ adapter }) as unknown as Db;
}

// WAL (set once by db-migrate) with synchronous=FULL: every commit is on disk
// before it is acknowledged, so a job answered with 202 survives a power cut.
// (NORMAL would save the fsync per commit, about 1 ms on the event loop here,
// at the price of the last commits on a power cut.)
const SQLITE_CONNECTION_PRAGMAS = "PRAGMA synchronous = FULL;";

/**
 * Runs the pragmas when Prisma connects. Prisma's libSQL adapter runs one
 * query at a time, so its pool only ever opens this one connection; a second
 * one, should libSQL open it, would just keep SQLite's safer default.
 */
function withConnectionPragmas(factory: PrismaLibSQL): PrismaLibSQL {
  const connect = factory.connect.bind(factory);
  return Object.assign(Object.create(factory) as PrismaLibSQL, {
    connect: async () => {
      const connection = await connect();
      await connection.executeScript(SQLITE_CONNECTION_PRAGMAS);
      return connection;
    },
    // The factory's own methods read its private fields: called on it, not on this wrapper.
    connectToShadowDb: factory.connectToShadowDb.bind(factory),
  });
}
