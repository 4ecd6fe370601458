import type { Db, Job } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";

/** The caller's job; another user's answers exactly like a missing one. */
export async function findOwnedJob(db: Db, ownerId: string, id: string): Promise<Job> {
  const job = await db.job.findFirst({ where: { id, ownerId } });
  if (!job) throw new OcrflowError("NOT_FOUND", "No such job");
  return job;
}
