import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";

export type DbProvider = "sqlite" | "postgresql";

// API and workers are separate processes writing one SQLite file: a writer
// waits this long for another's lock instead of failing at once
// (SQLITE_BUSY_TIMEOUT_MS sets it; tests shorten it).
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** Which of the two Prisma schemas a DATABASE_URL belongs to. */
export function dbProviderOf(databaseUrl: string): DbProvider {
  if (databaseUrl.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${databaseUrl.split(":")[0]}:")`);
}

/**
 * The driver adapter for a DATABASE_URL: libSQL for SQLite (prebuilt, no
 * compiler), node-postgres for PostgreSQL. A `?schema=` parameter on a
 * PostgreSQL URL selects the schema, as it does in classic Prisma: Prisma
 * qualifies its own queries with it, and the connections' search_path makes
 * raw SQL (the API's hot reads) name the same tables.
 */
export function createDriverAdapter(databaseUrl: string, sqliteBusyTimeoutMs = DEFAULT_SQLITE_BUSY_TIMEOUT_MS): PrismaLibSQL | PrismaPg {
  if (dbProviderOf(databaseUrl) === "sqlite") return new PrismaLibSQL({ url: databaseUrl, timeout: sqliteBusyTimeoutMs });
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema") ?? undefined;
  url.searchParams.delete("schema");
  const options = schema === undefined ? undefined : `-c search_path=${startupOptionValue(schema)}`;
  return new PrismaPg({ connectionString: url.toString(), options }, { schema });
}

/** A schema name as a quoted identifier inside PostgreSQL's startup `options`, where a backslash escapes spaces. */
function startupOptionValue(schema: string): string {
  const quoted = `"${schema.replaceAll('"', '""')}"`;
  return quoted.replaceAll("\\", "\\\\").replaceAll(" ", "\\ ");
}
