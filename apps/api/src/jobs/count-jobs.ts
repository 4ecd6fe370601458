import type { Db } from "@ocrflow/shared/db";

export function countJobs(db: Db, where: { ownerId: string; status?: string; batchId?: string }): Promise<number> {
  return db.job.count({ where });
}
