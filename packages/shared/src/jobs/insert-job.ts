import { type Db, type Job, sql } from "../db.ts";

/** A new job row as createJobs builds it; the other columns keep their defaults. */
export type NewJobRow = Pick<
  Job,
  | "id"
  | "ownerId"
  | "documentId"
  | "batchId"
  | "status"
  | "progress"
  | "priority"
  | "languages"
  | "mode"
  | "resolution"
  | "textLayer"
  | "revealIdentifiers"
  | "webhookUrl"
  | "webhookState"
  | "maxAttempts"
  | "cached"
  | "cacheKey"
  | "createdAt"
>;

/**
 * One job row, written by a single INSERT ... RETURNING. Raw SQL because a
 * lone submit is the hot path (see db.ts); Date and boolean values are bound
 * the way Prisma binds them, so its own reads see the same row.
 */
export async function insertJob(db: Db, row: NewJobRow): Promise<Job> {
  const [job] = await db.$queryRaw<Job[]>(
    sql`INSERT INTO "Job" ("id", "ownerId", "documentId", "batchId", "status", "progress", "priority", "languages",
          "mode", "resolution", "textLayer", "revealIdentifiers",
          "webhookUrl", "webhookState", "maxAttempts", "cached", "cacheKey", "createdAt", "updatedAt")
        VALUES (${row.id}, ${row.ownerId}, ${row.documentId}, ${row.batchId}, ${row.status}, ${row.progress}, ${row.priority},
          ${row.languages}, ${row.mode}, ${row.resolution}, ${row.textLayer}, ${row.revealIdentifiers},
          ${row.webhookUrl}, ${row.webhookState}, ${row.maxAttempts}, ${row.cached}, ${row.cacheKey},
          ${row.createdAt}, ${row.createdAt})
        RETURNING *`,
  );
  if (!job) throw new Error(`INSERT of job ${row.id} returned no row`);
  return job;
}
