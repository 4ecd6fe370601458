import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { createDriverAdapter } from "./db-provider.ts";

export type { Document, Job, JobPage, Result, Batch, User, ApiKey } from "./generated/sqlite/client.ts";
export { dbProviderOf } from "./db-provider.ts";

/**
 * The database client. Both generated clients come from the same models
 * (tests/db/schema-drift.test.ts), so one type serves both.
 */
export type Db = SqliteClient;

export function createDb(databaseUrl: string): Db {
  const adapter = createDriverAdapter(databaseUrl);
  if (adapter instanceof PrismaLibSQL) return new SqliteClient({ adapter: withConnectionPragmas(adapter) });
  return new PostgresClient({ adapter }) as unknown as Db;
}

// WAL (set once by db-migrate) with synchronous=NORMAL syncs at checkpoints
// instead of on every commit: a crash of the process loses nothing, a power
// cut may lose the last commits but never corrupts the file. libSQL runs on
// the event loop, so FULL's fsync per commit (about 1 ms here, far more on a
// busy disk) stalled every request in flight.
const SQLITE_CONNECTION_PRAGMAS = "PRAGMA synchronous = NORMAL;";

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
