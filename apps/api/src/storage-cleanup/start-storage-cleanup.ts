import { errorFields } from "@ocrflow/shared/logger";
import { cleanStorage, type StorageCleanupDeps } from "./clean-storage.ts";

export interface StorageCleanup {
  /** Stops the schedule; a sweep under way stops at its next step and is awaited. */
  stop: () => Promise<void>;
}

/**
 * Sweeps the storage now, in the background (the API serves meanwhile), then
 * every `intervalMinutes` (0: at start only). Sweeps never overlap; a failed
 * one (database down...) is logged and the next runs on schedule.
 */
export function startStorageCleanup(deps: StorageCleanupDeps, intervalMinutes: number): StorageCleanup {
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const sweep = () => {
    if (running || stopping.signal.aborted) return;
    running = cleanStorage(deps, stopping.signal)
      .then((report) => {
        deps.logger.info("storage cleanup done", { ...report });
      })
      .catch((error: unknown) => {
        if (!stopping.signal.aborted) deps.logger.error("storage cleanup failed", errorFields(error));
      })
      .finally(() => {
        running = undefined;
      });
  };
  sweep();
  const timer = intervalMinutes > 0 ? setInterval(sweep, intervalMinutes * 60_000).unref() : undefined;
  return {
    stop: async () => {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
