import { setTimeout as sleep } from "node:timers/promises";
import { type Db, isTransientDbError, leavesClientBroken } from "@ocrflow/shared/db";

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 3_000;

/**
 * Runs a database write, and again with exponential backoff while it fails
 * because the database cannot be reached or is busy, for up to `limitMs`
 * (DB_WRITE_RETRY_MS); then rejects with the last error. Any other failure
 * (a constraint, a missing row) rejects at once. Writes passed here must be
 * safe to repeat: each is conditional on the row's state or an upsert.
 */
export async function retryDbWrite<T>(db: Db, write: () => Promise<T>, limitMs: number): Promise<T> {
  const deadline = Date.now() + limitMs;
  let delay = FIRST_DELAY_MS;
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (!isTransientDbError(error) || Date.now() + delay > deadline) throw error;
      // Only a new connection recovers from a SQLite lock timeout.
      if (leavesClientBroken(error)) await db.$disconnect().catch(() => undefined);
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
