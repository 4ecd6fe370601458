import type { Request } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";

const OUT_OF_SPACE = new Set(["ENOSPC", "EDQUOT"]);

/** An error the file system raised (Node gives those an errno code and the syscall that failed). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  return typeof code === "string" && typeof syscall === "string";
}

/**
 * What a client sees when storing its upload failed: 507 when the disk or
 * quota is full, else a storage failure naming only the errno code (the
 * message of a file system error carries the path; it stays in `cause`).
 */
export function storageFailureOf(error: unknown): OcrflowError {
  const code = isFileSystemError(error) ? error.code! : "unknown";
  if (OUT_OF_SPACE.has(code)) {
    return new OcrflowError("INSUFFICIENT_STORAGE", "There is not enough storage space for this upload; try again later", {
      retryable: true,
      cause: error,
    });
  }
  return new OcrflowError("STORAGE_FAILED", `The file could not be stored (${code})`, { retryable: true, cause: error });
}

/** The client closed the connection before its body arrived whole: nobody is left to answer. */
export function clientWentAway(req: Request): boolean {
  return req.destroyed && !req.complete;
}
