import { type Db, type Job, sql } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";

/** The caller's job; another user's answers exactly like a missing one. Raw SQL: read on every poll (see db.ts). */
export async function findOwnedJob(db: Db, ownerId: string, id: string): Promise<Job> {
  const [job] = await db.$queryRaw<Job[]>(sql`SELECT * FROM "Job" WHERE "id" = ${id} AND "ownerId" = ${ownerId}`);
  if (!job) throw new OcrflowError("NOT_FOUND", "No such job");
  return job;
}
