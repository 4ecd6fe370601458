import type { Db } from "@ocrflow/shared/db";
import type { Logger } from "@ocrflow/shared/logger";
import type { FileStorage } from "@ocrflow/shared/storage";
import { markMissingFiles } from "./mark-missing-files.ts";
import { removeAbandonedTempFiles } from "./remove-abandoned-temp-files.ts";
import { removeOrphanFiles } from "./remove-orphan-files.ts";

export interface StorageCleanupDeps {
  db: Db;
  storage: FileStorage;
  logger: Logger;
}

export interface StorageCleanupReport {
  tempFilesRemoved: number;
  orphanFilesRemoved: number;
  missingFilesMarked: number;
  ms: number;
}

/**
 * Brings the files and the Document rows back in line after anything a
 * request could not clean up itself (a killed process, a failed disk):
 * abandoned temp uploads, stored files without a row, rows without a file.
 */
export async function cleanStorage(deps: StorageCleanupDeps, signal: AbortSignal): Promise<StorageCleanupReport> {
  const started = Date.now();
  // Puts back a `.tmp` removed by hand; every upload would fail without it.
  await deps.storage.init();
  const tempFilesRemoved = await removeAbandonedTempFiles(deps.storage);
  const orphans = await removeOrphanFiles(deps, signal);
  if (orphans.skipped && orphans.onDisk.size > 0) {
    deps.logger.warn("storage cleanup left stored files alone: the database has no document at all", {
      storedFiles: orphans.onDisk.size,
    });
  }
  const missingFilesMarked = await markMissingFiles(deps, orphans.onDisk, signal);
  return { tempFilesRemoved, orphanFilesRemoved: orphans.removed, missingFilesMarked, ms: Date.now() - started };
}
