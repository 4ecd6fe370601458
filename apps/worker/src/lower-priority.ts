import { getPriority, setPriority } from "node:os";
import { errorFields, type Logger } from "@ocrflow/shared/logger";

/**
 * Raises this thread's niceness to `nice` (never lowers it: that needs
 * privileges). A worker saturating every core with OCR then leaves the API
 * on the same host the CPU it needs to answer at once; with nothing else
 * to run, the worker still gets every cycle.
 */
export function lowerPriority(nice: number, logger: Pick<Logger, "warn">): void {
  try {
    if (getPriority() < nice) setPriority(nice);
  } catch (error) {
    logger.warn("could not lower the worker's CPU priority", { nice, ...errorFields(error) });
  }
}
