import { describeError } from "./errors.ts";
import { errorFields, type Logger } from "./logger.ts";

/** Runs a process's entry point; a failure prints its message alone (no stack) and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(describeError(error));
    process.exit(1);
  });
}

/**
 * On the first SIGTERM or SIGINT runs `stop`, then exits 0. Exits 1 when
 * `stop` fails or has not finished within `graceMs`. Later signals are
 * logged and ignored: supervisord's stopasgroup, a terminal's Ctrl-C and a
 * parent process may all signal the same process, and a second signal must
 * not cut the first one's shutdown short.
 */
export function onShutdown(logger: Logger, graceMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.info("already shutting down", { signal });
      return;
    }
    stopping = true;
    logger.info("shutting down", { signal, graceMs });
    setTimeout(() => {
      logger.error("shutdown did not finish in time; exiting", { graceMs });
      process.exit(1);
    }, graceMs).unref();
    try {
      await stop();
      logger.info("shut down cleanly");
      process.exit(0);
    } catch (error) {
      logger.error("shutdown failed", errorFields(error));
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
