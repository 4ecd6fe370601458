import type { PrismaLibSQL } from "@prisma/adapter-libsql";

type Connection = Awaited<ReturnType<PrismaLibSQL["connect"]>>;
type Transaction = Awaited<ReturnType<Connection["startTransaction"]>>;

// Only a SELECT cannot write; anything else (INSERT ... RETURNING, PRAGMA, a script) waits for the sync.
const isRead = (sql: string) => /^\s*SELECT\b/i.test(sql);

/**
 * A libSQL connection whose writes resolve only once they are on disk:
 * after each write outside a transaction, and after each commit, it waits for
 * `sync` (createWalSync: a shared fdatasync of the WAL, off the event loop).
 * With synchronous=NORMAL SQLite itself no longer syncs at commit; this keeps
 * what FULL promised, that a write Prisma reports done survives a power cut.
 */
export function withDurableWrites(connection: Connection, sync: () => Promise<void>): Connection {
  const durable = {
    queryRaw: async (query: Parameters<Connection["queryRaw"]>[0]) => {
      const result = await connection.queryRaw(query);
      if (!isRead(query.sql)) await sync();
      return result;
    },
    executeRaw: async (query: Parameters<Connection["executeRaw"]>[0]) => {
      const result = await connection.executeRaw(query);
      if (!isRead(query.sql)) await sync();
      return result;
    },
    executeScript: async (script: string) => {
      await connection.executeScript(script);
      await sync();
    },
    startTransaction: async (...args: Parameters<Connection["startTransaction"]>) =>
      withDurableCommit(await connection.startTransaction(...args), sync),
  };
  return bound(connection, durable);
}

/** A transaction whose commit resolves once it is on disk; its statements run as they are. */
function withDurableCommit(transaction: Transaction, sync: () => Promise<void>): Transaction {
  return bound(transaction, {
    commit: async () => {
      await transaction.commit();
      await sync();
    },
  });
}

/** `target` with some methods replaced; the others called on `target` itself (they read its private fields). */
function bound<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value = Reflect.get(object, property, object);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}
