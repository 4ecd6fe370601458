import type { FileStorage } from "@ocrflow/shared/storage";
import { isAbandonedTempFile, isPidAlive } from "./is-abandoned-temp-file.ts";

/** Removes the temp uploads no request will finish (see isAbandonedTempFile); returns how many. */
export async function removeAbandonedTempFiles(storage: FileStorage, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const entry of await storage.listTempFiles()) {
    if (!isAbandonedTempFile(entry, { self: storage.writer, now, isPidAlive })) continue;
    await storage.removeTempFile(entry.path);
    removed += 1;
  }
  return removed;
}
