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
  const { db, storage } = deps;
  const onDisk = new Set<string>();
  const skipped = (await db.document.count()) === 0;
  let removed = 0;
  for await (const shardKeys of storage.listStorageKeys()) {
    signal.throwIfAborted();
    for (const key of shardKeys) onDisk.add(key);
    if (skipped) continue;
    for (let start = 0; start < shardKeys.length; start += KEYS_PER_QUERY) {
      const keys = shardKeys.slice(start, start + KEYS_PER_QUERY);
      const rows = await db.document.findMany({ where: { storageKey: { in: keys } }, select: { storageKey: true } });
      const referenced = new Set(rows.map((row) => row.storageKey));
      for (const key of keys) {
        if (referenced.has(key)) continue;
        const committedAt = await storage.committedAt(key);
        if (committedAt === undefined || now - committedAt <= ORPHAN_FILE_MIN_AGE_MS) continue;
        await storage.remove(key);
        onDisk.delete(key);
        removed += 1;
      }
    }
  }
  return { removed, onDisk, skipped };
}
