import { isTransientDbError } from "@ocrflow/shared/db";
import { describeError, type ErrorCode, isOcrflowError } from "@ocrflow/shared/errors";

export interface Failure {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

/**
 * What a failed attempt means: our own errors say whether they are worth a
 * retry (unreadable content never is); a file-system error reading the
 * document is a storage fault, retried; a database that cannot be reached or
 * is busy is a dependency fault, retried; any other database error (a
 * constraint, a missing row) is a bug that a retry would only repeat;
 * anything else (a crashed engine thread) is taken as transient.
 */
export function classifyFailure(error: unknown): Failure {
  if (isOcrflowError(error)) return { code: error.code, message: error.message, retryable: error.retryable };
  if (isFileSystemError(error)) {
    return { code: "STORAGE_FAILED", message: `The document's file cannot be read (${error.code})`, retryable: true };
  }
  if (isTransientDbError(error)) {
    return { code: "DEPENDENCY_UNAVAILABLE", message: "The database could not be reached", retryable: true };
  }
  // Prisma's messages name source files: the job shows a plain message, the worker's log the error.
  if (isDatabaseError(error)) return { code: "INTERNAL", message: "A database error stopped the job", retryable: false };
  return { code: "OCR_FAILED", message: `OCR failed: ${describeError(error)}`, retryable: true };
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && "syscall" in error && typeof (error as NodeJS.ErrnoException).code === "string";
}

// Prisma's client errors and its driver adapters' errors, by name: both generated clients throw them.
function isDatabaseError(error: unknown): boolean {
  return error instanceof Error && (error.name.startsWith("PrismaClient") || error.name === "DriverAdapterError");
}
