import { randomUUID } from "node:crypto";
import { type Db, dbProviderOf } from "../../packages/shared/src/db.ts";

export const SEED_STATUSES = ["queued", "processing", "completed", "failed", "cancelled"] as const;
/** Job i is created i seconds after this instant: newest first is descending i. */
export const SEED_BASE_TIME = Date.parse("2026-01-01T00:00:00Z");

/** The id of seeded job i: a valid v4 UUID that says its index. */
export function seededJobId(i: number): string {
  return `${i.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`;
}

/**
 * Gives one owner `jobCount` jobs on one document (status i % 5 of
 * SEED_STATUSES, created SEED_BASE_TIME + i s) and `documentCount` more
 * documents (doc-i.png, created SEED_BASE_TIME + i s), each set in one INSERT
 * ... SELECT over a generated series: about a second for 100,000 rows, where
 * Prisma's createMany takes half a minute.
 */
export async function seedJobs(db: Db, databaseUrl: string, ownerId: string, counts: { jobCount: number; documentCount: number }) {
  const sqlite = dbProviderOf(databaseUrl) === "sqlite";
  const base = SEED_BASE_TIME / 1000;
  const documentId = randomUUID();
  await db.document.create({
    data: {
      id: documentId,
      ownerId,
      filename: "a.png",
      mimeType: "image/png",
      sizeBytes: 1,
      sha256: "0".repeat(64),
      storageKey: `aa/${randomUUID()}`,
      createdAt: new Date(SEED_BASE_TIME - 1000),
    },
  });
  // Prisma's SQLite DateTime text ("2026-01-01T00:00:00.000+00:00") and PostgreSQL's timestamp.
  const at = (seconds: string) =>
    sqlite ? `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${seconds}, 'unixepoch')` : `(to_timestamp(${seconds}) AT TIME ZONE 'UTC')`;
  const series = (count: number) =>
    sqlite
      ? `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${count - 1}) SELECT i FROM n`
      : `SELECT generate_series(0, ${count - 1}) AS i`;
  const hex8 = sqlite ? "printf('%08x', i)" : "lpad(to_hex(i), 8, '0')";
  const status = `(CASE i % 5 ${SEED_STATUSES.map((name, index) => `WHEN ${index} THEN '${name}'`).join(" ")} END)`;
  const concat = (...parts: string[]) => parts.join(" || ");
  const p = (n: number) => (sqlite ? "?" : `$${n}`);
  await db.$executeRawUnsafe(
    `INSERT INTO "Job" ("id", "ownerId", "documentId", "status", "priority", "languages", "maxAttempts", "createdAt", "updatedAt")
     SELECT ${concat(hex8, "'-0000-4000-8000-000000000000'")}, ${p(1)}, ${p(2)}, ${status}, 5, 'eng', 3,
       ${at(`${base} + i`)}, ${at(`${base} + i`)}
     FROM (${series(counts.jobCount)}) AS s`,
    ownerId,
    documentId,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Document" ("id", "ownerId", "filename", "mimeType", "sizeBytes", "sha256", "storageKey", "createdAt")
     SELECT ${concat(hex8, "'-0000-4000-8000-00000000d0c5'")}, ${p(1)}, ${concat("'doc-'", sqlite ? "i" : "i::text", "'.png'")},
       'image/png', 1, ${concat(hex8, "'seed'")}, ${concat("'bb/'", hex8)}, ${at(`${base} + i`)}
     FROM (${series(counts.documentCount)}) AS s`,
    ownerId,
  );
  if (!sqlite) await db.$executeRawUnsafe('ANALYZE "Job", "Document"');
}
