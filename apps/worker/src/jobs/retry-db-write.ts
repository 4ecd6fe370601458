import { setTimeout as sleep } from "node:timers/promises";
import { type Db, leavesClientBroken } from "@ocrflow/shared/db";
import { classifyFailure } from "./classify-failure.ts";

/** How long a write that ends an attempt keeps being retried while the database is unreachable. */
export const DB_WRITE_RETRY_MS = 30_000;

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 3_000;

/**
 * Runs a database write, and again with exponential backoff while it fails
 * because the database cannot be reached, for up to `limitMs`; then rejects
 * with the last error. Any other failure (a cancelled job, a constraint)
 * rejects at once. Writes passed here must be safe to repeat: each is
 * conditional on the row's state or an upsert.
 */
export async function retryDbWrite<T>(db: Db, write: () => Promise<T>, limitMs = DB_WRITE_RETRY_MS): Promise<T> {
  const deadline = Date.now() + limitMs;
  let delay = FIRST_DELAY_MS;
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnreachable(error) || Date.now() + delay > deadline) throw error;
      // Only a new connection recovers from a SQLite lock timeout.
      if (leavesClientBroken(error)) await db.$disconnect().catch(() => undefined);
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}

export function isDatabaseUnreachable(error: unknown): boolean {
  return classifyFailure(error).code === "DEPENDENCY_UNAVAILABLE";
}
