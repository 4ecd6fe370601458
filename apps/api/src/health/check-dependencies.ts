import type { Redis } from "ioredis";
import type { Db } from "@ocrflow/shared/db";
import { withTimeout } from "@ocrflow/shared/timeout";

/** Each health check's limit: a dependency slower than this counts as down. */
export const CHECK_TIMEOUT_MS = 1_500;

export type DependencyStatus = "ok" | "down";

async function check(probe: () => Promise<unknown>): Promise<DependencyStatus> {
  return withTimeout(probe(), CHECK_TIMEOUT_MS).then(
    () => "ok",
    () => "down",
  );
}

/** Pings Redis and the database, each bounded by a short timeout. */
export async function checkDependencies(deps: { db: Db; redis: Redis }): Promise<Record<"redis" | "database", DependencyStatus>> {
  const [redis, database] = await Promise.all([check(() => deps.redis.ping()), check(() => deps.db.$queryRawUnsafe("SELECT 1"))]);
  return { redis, database };
}
