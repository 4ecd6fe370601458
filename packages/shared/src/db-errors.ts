/**
 * Which database errors are worth trying again: the database could not be
 * reached, the connection dropped, or a lock or pool wait ran out. Anything
 * else (a constraint, a missing row, a bad query) fails the same way on every
 * try, so it must reject at once.
 */

// Prisma's codes for the connection-level failures its driver adapters report
// (DatabaseNotReachable, SocketTimeout (also SQLite's BUSY), ConnectionClosed,
// TransactionAlreadyClosed, TransactionWriteConflict, TooManyConnections), and
// its own connect (P1002) and pool (P2024) timeouts.
const TRANSIENT_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P1018", "P2024", "P2034", "P2037"]);
// PostgreSQL SQLSTATE classes: connection exception, insufficient resources, operator intervention (restart).
const TRANSIENT_SQLSTATE = /^(08|53|57P)/;
const TRANSIENT_NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const TRANSIENT_MESSAGES =
  /SQLITE_BUSY|SQLITE_LOCKED|database is locked|statements in progress|Transaction already closed|Operation has timed out|Connection terminated|connection error/i;

/** True when `error` (or what caused it) says the database was unreachable or busy, not that the query was wrong. */
export function isTransientDbError(error: unknown): boolean {
  for (const cause of causesOf(error)) {
    const { name, code, message } = cause as { name?: unknown; code?: unknown; message?: unknown };
    if (name === "PrismaClientInitializationError") return true;
    if (typeof code === "string" && (TRANSIENT_PRISMA_CODES.has(code) || TRANSIENT_NETWORK_CODES.has(code))) return true;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE.test(code)) return true;
    if (typeof message === "string" && TRANSIENT_MESSAGES.test(message)) return true;
  }
  return false;
}

// A SQLite write that gave up waiting for another writer's lock (Prisma's
// "Operation has timed out") leaves the client unusable: later commits fail
// with "SQL statements in progress" or "Transaction already closed" until it
// reconnects.
const BROKEN_SQLITE_CLIENT = /SQLITE_BUSY|statements in progress|Transaction already closed|Operation has timed out/;

/** Whether a database error left the client in need of a reconnect ($disconnect; the next query reconnects). */
export function leavesClientBroken(error: unknown): boolean {
  return error instanceof Error && BROKEN_SQLITE_CLIENT.test(error.message);
}

/** The error, the driver adapter's error Prisma keeps in `meta`, and their causes, nearest first. */
function* causesOf(error: unknown): Generator<object> {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const next = pending.shift();
    if (typeof next !== "object" || next === null || seen.has(next)) continue;
    seen.add(next);
    yield next;
    const { cause, meta } = next as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    pending.push(cause, meta?.driverAdapterError);
  }
}
