import { type Db, type Job, rawSql, sql } from "@ocrflow/shared/db";
import { JOB_JSON_FIELDS } from "@ocrflow/shared/job-json";

// The columns jobJson reads, and updatedAt, which orders the changes.
const CHANGED_JOB_COLUMNS = rawSql([...Object.keys(JOB_JSON_FIELDS), "updatedAt"].map((column) => `"${column}"`).join(", "));

export type ChangedJobRow = Pick<Job, keyof typeof JOB_JSON_FIELDS | "updatedAt">;

/**
 * The owner's jobs changed at or after `since`, oldest change first, at most
 * `limit` of them. Raw SQL over the (ownerId, updatedAt) index (see db.ts).
 */
export async function findChangedJobs(db: Db, ownerId: string, since: Date, limit: number): Promise<ChangedJobRow[]> {
  return db.$queryRaw<ChangedJobRow[]>(
    sql`SELECT ${CHANGED_JOB_COLUMNS} FROM "Job" WHERE "ownerId" = ${ownerId} AND "updatedAt" >= ${since}
        ORDER BY "updatedAt" ASC, "id" ASC LIMIT ${limit}`,
  );
}

/** When the owner's most recent job change was, or undefined with no job at all. */
export async function findLatestJobChange(db: Db, ownerId: string): Promise<Date | undefined> {
  const [row] = await db.$queryRaw<{ updatedAt: Date }[]>(
    sql`SELECT "updatedAt" FROM "Job" WHERE "ownerId" = ${ownerId} ORDER BY "updatedAt" DESC LIMIT 1`,
  );
  return row?.updatedAt;
}
