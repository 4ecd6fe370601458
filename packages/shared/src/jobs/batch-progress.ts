import { type Db, sql, sqlNumber } from "../db.ts";
import { OcrflowError } from "../errors.ts";
import { JOB_STATUSES, type JobStatus } from "./job-status.ts";

/**
 * A batch's job counts by status (every status present) and mean job progress,
 * 0-100. Raw SQL: clients poll it (see db.ts).
 */
export async function findOwnedBatchProgress(db: Db, ownerId: string, batchId: string) {
  const [batch] = await db.$queryRaw<{ id: string }[]>(sql`SELECT "id" FROM "Batch" WHERE "id" = ${batchId} AND "ownerId" = ${ownerId}`);
  if (!batch) throw new OcrflowError("NOT_FOUND", "No such batch");
  const groups = await db.$queryRaw<{ status: string; jobs: number | bigint; progress: number | bigint | null }[]>(
    sql`SELECT "status", COUNT(*) AS "jobs", SUM("progress") AS "progress" FROM "Job" WHERE "batchId" = ${batchId} GROUP BY "status"`,
  );
  const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
  let progressSum = 0;
  for (const group of groups) {
    counts[group.status as JobStatus] = sqlNumber(group.jobs);
    progressSum += sqlNumber(group.progress);
  }
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return {
    id: batch.id,
    total,
    counts,
    progress: total === 0 ? 0 : Math.round(progressSum / total),
  };
}
