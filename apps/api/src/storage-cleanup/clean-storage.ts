import type { Db } from "@ocrflow/shared/db";
import type { Logger } from "@ocrflow/shared/logger";
import { type FileStorage, pageImageStorage } from "@ocrflow/shared/storage";
import { markMissingFiles } from "./mark-missing-files.ts";
import { removeAbandonedTempFiles } from "./remove-abandoned-temp-files.ts";
import { removeOrphanFiles } from "./remove-orphan-files.ts";
import { removeOrphanPageImages } from "./remove-orphan-page-images.ts";

export interface StorageCleanupDeps {
  db: Db;
  storage: FileStorage;
  logger: Logger;
}

export interface StorageCleanupReport {
  tempFilesRemoved: number;
  orphanFilesRemoved: number;
  missingFilesMarked: number;
  /** Page images (and their temp files) that no stored page names. */
  pageImagesRemoved: number;
  ms: number;
}

/**
 * Brings the files and the Document rows back in line after anything a
 * request could not clean up itself (a killed process, a failed disk):
 * abandoned temp uploads, stored files without a row, rows without a file;
 * and the page images of deleted jobs.
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
  const pageImagesRemoved = await removeOrphanPageImages({ db: deps.db, pageImages: pageImageStorage(deps.storage) }, signal);
  return {
    tempFilesRemoved,
    orphanFilesRemoved: orphans.removed,
    missingFilesMarked,
    pageImagesRemoved,
    ms: Date.now() - started,
  };
}
