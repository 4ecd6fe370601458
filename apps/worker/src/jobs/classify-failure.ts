import { describeError, isOcrflowError } from "@ocrflow/shared/errors";

export interface Failure {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * What a failed attempt means: our own errors say whether they are worth a
 * retry (unreadable content never is); a file-system error reading the
 * document is a storage fault and a database error a dependency fault, both
 * retried; anything else (a crashed engine, a lost connection) is taken as
 * transient too.
 */
export function classifyFailure(error: unknown): Failure {
  if (isOcrflowError(error)) return { code: error.code, message: error.message, retryable: error.retryable };
  if (isFileSystemError(error)) {
    return { code: "STORAGE_FAILED", message: `The document's file cannot be read (${error.code})`, retryable: true };
  }
  if (isDatabaseError(error)) {
    return { code: "DEPENDENCY_UNAVAILABLE", message: "The database could not be reached", retryable: true };
  }
  return { code: "OCR_FAILED", message: `OCR failed: ${describeError(error)}`, retryable: true };
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && "syscall" in error && typeof (error as NodeJS.ErrnoException).code === "string";
}

// Prisma's client errors and its driver adapters' errors, by name: both generated clients throw them.
function isDatabaseError(error: unknown): boolean {
  return error instanceof Error && (error.name.startsWith("PrismaClient") || error.name === "DriverAdapterError");
}
