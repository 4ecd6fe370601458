import type { TempFileEntry, TempFileWriter } from "@ocrflow/shared/storage";

/**
 * Past this age a temp upload belongs to no request: Node cuts a request
 * whose body has not arrived within its requestTimeout (5 minutes), and
 * the commit that follows the last byte takes milliseconds.
 */
export const TEMP_FILE_MAX_AGE_MS = 60 * 60 * 1000;

export interface TempFileCheck {
  /** This process, as its own temp files name it. */
  self: TempFileWriter;
  now: number;
  isPidAlive: (pid: number) => boolean;
}

/**
 * A temp upload no live request can still be writing or committing: one
 * written on this host by a process that is gone (killed, crashed, or an
 * earlier run under the same pid) is abandoned at once; any other (another
 * host's, or a name this version does not write) only once it is older than
 * TEMP_FILE_MAX_AGE_MS, since its writer may be uploading right now.
 */
export function isAbandonedTempFile(entry: TempFileEntry, check: TempFileCheck): boolean {
  if (check.now - entry.mtimeMs > TEMP_FILE_MAX_AGE_MS) return true;
  const { writer } = entry;
  if (!writer || writer.host !== check.self.host) return false;
  if (writer.pid === check.self.pid) return writer.run !== check.self.run;
  return !check.isPidAlive(writer.pid);
}

/** Whether a process with this pid runs on this host (one of another user counts). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
