import { describeError } from "./errors.ts";
import type { Logger } from "./logger.ts";

/** Runs a process's entry point; a failure prints its message alone (no stack) and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(describeError(error));
    process.exit(1);
  });
}

/**
 * On the first SIGTERM or SIGINT runs `stop`, then exits 0; exits 1 if it
 * has not finished within `graceMs`.
 */
export function onShutdown(logger: Logger, graceMs: number, stop: () => Promise<void>): void {
  const shutdown = async (signal: string) => {
    logger.info("shutting down", { signal });
    setTimeout(() => process.exit(1), graceMs).unref();
    await stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
