import { type Db, emptySql, type Job, rawSql, sql, sqlNumber } from "../db.ts";
import { JOB_JSON_FIELDS, jobJson } from "../job-json.ts";
import type { JobListQuery } from "../validators/requests.ts";

// The columns jobJson reads, quoted for SQL.
const JOB_JSON_COLUMNS = rawSql(
  Object.keys(JOB_JSON_FIELDS)
    .map((column) => `"${column}"`)
    .join(", "),
);

type JobJsonRow = Pick<Job, keyof typeof JOB_JSON_FIELDS>;

/**
 * A page of the caller's jobs, newest first; id breaks ties so pages never
 * overlap. Raw SQL (see db.ts): Prisma's mapping of a 100-row page cost more
 * CPU than the query. The (ownerId[, status | batchId], createdAt, id) indexes
 * answer both the page and the plain COUNT(*).
 */
export async function listJobs(db: Db, ownerId: string, query: JobListQuery) {
  const { page, pageSize, status, batchId } = query;
  const where = sql`"ownerId" = ${ownerId}
    ${status === undefined ? emptySql : sql`AND "status" = ${status}`}
    ${batchId === undefined ? emptySql : sql`AND "batchId" = ${batchId}`}`;
  const [jobs, counted] = await Promise.all([
    db.$queryRaw<JobJsonRow[]>(
      sql`SELECT ${JOB_JSON_COLUMNS} FROM "Job" WHERE ${where}
          ORDER BY "createdAt" DESC, "id" DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    ),
    db.$queryRaw<{ total: number | bigint }[]>(sql`SELECT COUNT(*) AS "total" FROM "Job" WHERE ${where}`),
  ]);
  return { items: jobs.map(jobJson), page, pageSize, total: sqlNumber(counted[0]?.total) };
}
