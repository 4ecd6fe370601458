import { open } from "node:fs/promises";
import path from "node:path";

/**
 * Group commit for a SQLite database in WAL mode with synchronous=NORMAL: the
 * returned function resolves once everything written to the `-wal` file before
 * it was called is on disk. It fdatasyncs the file on libuv's thread pool, so
 * the event loop keeps serving requests meanwhile (libsql's own fsync under
 * synchronous=FULL runs on it, blocking every request for the fsync's length),
 * and commits that finish while one sync runs share the next one: one fsync
 * for however many commits a disk's latency lets pile up.
 *
 * fsync flushes a file's data whichever descriptor wrote it, so a descriptor of
 * our own covers libsql's writes. The file is opened per sync, not kept open:
 * SQLite deletes and recreates the WAL when the last connection closes, and a
 * kept descriptor would then sync a deleted file. No WAL file means no
 * unsynced commits (SQLite checkpoints, with its syncs, before deleting it).
 * The first sync also syncs the folder, as SQLite does for a new WAL file.
 */
export function createWalSync(databaseFile: string): () => Promise<void> {
  const walFile = `${databaseFile}-wal`;
  let folderSynced = false;
  return groupCalls(async () => {
    const handle = await open(walFile, "r").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (!handle) return;
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
    if (!folderSynced) {
      const folder = await open(path.dirname(walFile), "r");
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
      folderSynced = true;
    }
  });
}

/**
 * `syncOnce` shared by concurrent callers: a caller is answered by a run that
 * started after it called (a run already under way may have missed its write),
 * and all who call during one run share the next.
 */
export function groupCalls(syncOnce: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const start = () => {
    running = syncOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  return () => {
    if (!running) return start();
    // The sync under way may have started before this caller's commit: wait for the next one, shared by all who come meanwhile.
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}
