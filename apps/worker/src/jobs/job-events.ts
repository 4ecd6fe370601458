import type { Db } from "@ocrflow/shared/db";

/** Marks the job processing for this attempt; false when it should not run (cancelled or gone). */
export async function markJobProcessing(db: Db, jobId: string, attempt: number): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id: jobId, status: { in: ["queued", "processing"] } },
    data: { status: "processing", attempts: attempt, startedAt: new Date(), errorCode: null, errorMessage: null },
  });
  return count === 1;
}

export async function recordJobProgress(db: Db, jobId: string, progress: number): Promise<void> {
  await db.job.updateMany({ where: { id: jobId, status: "processing" }, data: { progress } });
}

/** A failure: final ends the job, otherwise it waits queued for its next attempt. */
export async function recordJobFailure(db: Db, jobId: string, error: { code: string; message: string }, final: boolean): Promise<void> {
  await db.job.updateMany({
    where: { id: jobId, status: { in: ["queued", "processing"] } },
    data: final
      ? { status: "failed", errorCode: error.code, errorMessage: error.message, finishedAt: new Date() }
      : { status: "queued", errorCode: error.code, errorMessage: error.message },
  });
}
