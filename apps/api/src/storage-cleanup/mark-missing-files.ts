import type { Db } from "@ocrflow/shared/db";
import type { Logger } from "@ocrflow/shared/logger";
import type { FileStorage } from "@ocrflow/shared/storage";

const ROWS_PER_PAGE = 500;
// More missing than this (in number and share) looks like a storage not mounted or the wrong STORAGE_DIR, not lost files.
const MAX_MISSING_TO_MARK = 10;
const MAX_MISSING_SHARE = 0.1;

interface MissingFile {
  id: string;
  ownerId: string;
  storageKey: string;
}

/**
 * Soft-deletes live documents whose file is gone (lost outside the service:
 * a disk replaced, a file deleted by hand). Such a row can never be
 * downloaded or OCRed, and while live it would keep answering uploads of the
 * same content as a duplicate; soft-deleted, it leaves lists and lookups
 * (404), its jobs and results stay, and the content can be uploaded again.
 * Each one is logged as an error: data was lost. When the storage looks
 * absent rather than damaged it marks nothing and says so. Returns how many.
 */
export async function markMissingFiles(
  deps: { db: Db; storage: FileStorage; logger: Logger },
  onDisk: ReadonlySet<string>,
  signal: AbortSignal,
): Promise<number> {
  const { db, logger } = deps;
  const { missing, checked } = await findMissingFiles(deps, onDisk, signal);
  if (missing.length === 0) return 0;
  if (onDisk.size === 0 || (missing.length > MAX_MISSING_TO_MARK && missing.length > checked * MAX_MISSING_SHARE)) {
    logger.error("storage cleanup marked nothing: too many documents have no file; is STORAGE_DIR right and mounted?", {
      missing: missing.length,
      documents: checked,
      storedFiles: onDisk.size,
    });
    return 0;
  }
  let marked = 0;
  for (const row of missing) {
    const { count } = await db.document.updateMany({ where: { id: row.id, deletedAt: null }, data: { deletedAt: new Date() } });
    if (count === 0) continue;
    marked += 1;
    logger.error("document file missing; document marked deleted", {
      documentId: row.id,
      ownerId: row.ownerId,
      storageKey: row.storageKey,
    });
  }
  return marked;
}

async function findMissingFiles(
  deps: { db: Db; storage: FileStorage },
  onDisk: ReadonlySet<string>,
  signal: AbortSignal,
): Promise<{ missing: MissingFile[]; checked: number }> {
  const missing: MissingFile[] = [];
  let checked = 0;
  let after = "";
  for (;;) {
    signal.throwIfAborted();
    const rows = await deps.db.document.findMany({
      where: { deletedAt: null, id: { gt: after } },
      select: { id: true, ownerId: true, storageKey: true },
      orderBy: { id: "asc" },
      take: ROWS_PER_PAGE,
    });
    if (rows.length === 0) return { missing, checked };
    after = rows.at(-1)!.id;
    checked += rows.length;
    for (const row of rows) {
      // Not listed may also mean stored after the listing: the file itself decides.
      if (onDisk.has(row.storageKey) || (await deps.storage.committedAt(row.storageKey)) !== undefined) continue;
      missing.push(row);
    }
  }
}
