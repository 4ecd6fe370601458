import type { ErrorRequestHandler } from "express";
import { type Db, leavesClientBroken } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";

/**
 * For SQLite: a request that failed on a lock timeout answers 503, and the
 * client reconnects before the next query: left as it is, every later write
 * of this process would fail ("SQL statements in progress") until a restart.
 */
export function recoverDatabase(db: Db): ErrorRequestHandler {
  return (error, _req, _res, next) => {
    if (!leavesClientBroken(error)) return next(error);
    void db.$disconnect().catch(() => undefined);
    next(new OcrflowError("DEPENDENCY_UNAVAILABLE", "The database is busy; try again shortly", { retryable: true, cause: error }));
  };
}
