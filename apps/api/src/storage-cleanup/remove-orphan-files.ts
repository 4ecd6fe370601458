import type { Db } from "@ocrflow/shared/db";
import type { FileStorage } from "@ocrflow/shared/storage";

/**
 * A stored file gets its row right after it is renamed into place (its mtime
 * is the rename); one older than this with no row lost it to a crash or a
 * failed request's clean-up, never to a request still storing it.
 */
export const ORPHAN_FILE_MIN_AGE_MS = 60 * 60 * 1000;

const KEYS_PER_QUERY = 500;

export interface OrphanFileSweep {
  removed: number;
  /** Every storage key found on disk, for the missing-file check. */
  onDisk: Set<string>;
}

/**
 * Removes stored files no Document row (live or soft-deleted) references,
 * once they are past ORPHAN_FILE_MIN_AGE_MS. With no Document row at all it
 * removes nothing: that is a new or wrong DATABASE_URL in front of a full
 * STORAGE_DIR, not a store of orphans.
 */
export async function removeOrphanFiles(
  deps: { db: Db; storage: FileStorage },
  signal: AbortSignal,
  now = Date.now(),
): Promise<OrphanFileSweep & { skipped: boolean }> {
  const { db } = deps;
  const skipped = (await db.document.count()) === 0;
  const referencedOf = async (keys: string[]) => {
    const rows = await db.document.findMany({ where: { storageKey: { in: keys } }, select: { storageKey: true } });
    return new Set(rows.map((row) => row.storageKey));
  };
  return { ...(await removeUnreferencedFiles(deps.storage, referencedOf, { skip: skipped, signal, now })), skipped };
}

/**
 * Walks a store shard by shard and removes each file that `referencedOf`
 * does not name, once past ORPHAN_FILE_MIN_AGE_MS (with `skip`, it only lists).
 */
export async function removeUnreferencedFiles(
  storage: FileStorage,
  referencedOf: (keys: string[]) => Promise<Set<string>>,
  options: { skip: boolean; signal: AbortSignal; now: number },
): Promise<OrphanFileSweep> {
  const onDisk = new Set<string>();
  let removed = 0;
  for await (const shardKeys of storage.listStorageKeys()) {
    options.signal.throwIfAborted();
    for (const key of shardKeys) onDisk.add(key);
    if (options.skip) continue;
    for (let start = 0; start < shardKeys.length; start += KEYS_PER_QUERY) {
      const keys = shardKeys.slice(start, start + KEYS_PER_QUERY);
      const referenced = await referencedOf(keys);
      for (const key of keys) {
        if (referenced.has(key)) continue;
        const committedAt = await storage.committedAt(key);
        if (committedAt === undefined || options.now - committedAt <= ORPHAN_FILE_MIN_AGE_MS) continue;
        await storage.remove(key);
        onDisk.delete(key);
        removed += 1;
      }
    }
  }
  return { removed, onDisk };
}
