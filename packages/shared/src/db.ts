import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { createDriverAdapter, dbProviderOf } from "./db-provider.ts";

export type { Document, Job, JobPage, Result, Batch, User, ApiKey } from "./generated/sqlite/client.ts";
export { dbProviderOf } from "./db-provider.ts";

/**
 * The database client. Both generated clients come from the same models
 * (tests/db/schema-drift.test.ts), so one type serves both.
 */
export type Db = SqliteClient;

export function createDb(databaseUrl: string): Db {
  const adapter = createDriverAdapter(databaseUrl);
  if (dbProviderOf(databaseUrl) === "sqlite") return new SqliteClient({ adapter });
  return new PostgresClient({ adapter }) as unknown as Db;
}
