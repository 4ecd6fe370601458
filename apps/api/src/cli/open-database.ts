import { createDb, type Db } from "@ocrflow/shared/db";
import { applyMigrations } from "@ocrflow/shared/db-migrate";
import { PRISMA_DIR } from "@ocrflow/shared/paths";
import { loadApiConfig } from "../config.ts";

/**
 * The database the API uses (DATABASE_URL), migrated first: `keys create` is
 * often the first command on a fresh machine, before the service ever ran.
 */
export async function withDatabase<T>(use: (db: Db) => Promise<T>): Promise<T> {
  const config = loadApiConfig();
  await applyMigrations(config.DATABASE_URL, PRISMA_DIR);
  const db = createDb(config.DATABASE_URL, { sqliteBusyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
  try {
    return await use(db);
  } finally {
    await db.$disconnect();
  }
}
