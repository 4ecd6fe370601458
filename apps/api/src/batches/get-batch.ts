import { JOB_STATUSES, type JobStatus } from "@ocrflow/shared/constants";
import type { Db } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";

/** A batch's job counts by status (every status present) and mean job progress, 0-100. */
export async function getBatch(db: Db, ownerId: string, batchId: string) {
  const batch = await db.batch.findFirst({ where: { id: batchId, ownerId }, select: { id: true } });
  if (!batch) throw new OcrflowError("NOT_FOUND", "No such batch");
  const groups = await db.job.groupBy({
    by: ["status"],
    where: { batchId },
    _count: { _all: true },
    _sum: { progress: true },
  });
  const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
  let progressSum = 0;
  for (const group of groups) {
    counts[group.status as JobStatus] = group._count._all;
    progressSum += group._sum.progress ?? 0;
  }
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return {
    id: batch.id,
    total,
    counts,
    progress: total === 0 ? 0 : Math.round(progressSum / total),
  };
}
