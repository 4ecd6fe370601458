import type { Redis } from "ioredis";

/** One reconcile pass at a time over every worker of an installation. */
function reconcileLockKey(prefix: string): string {
  return `${prefix}:control:reconcile-lock`;
}

// Deletes the lock only while it is still this pass's: an expired lock may be another worker's by now.
const RELEASE_IF_OWNED = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

export async function takeReconcileLock(redis: Redis, prefix: string, token: string, ttlMs: number): Promise<boolean> {
  return (await redis.set(reconcileLockKey(prefix), token, "PX", ttlMs, "NX")) === "OK";
}

export async function releaseReconcileLock(redis: Redis, prefix: string, token: string): Promise<void> {
  await redis.eval(RELEASE_IF_OWNED, 1, reconcileLockKey(prefix), token);
}
