import type { Db } from "@ocrflow/shared/db";
import { AttemptNotRecordedError } from "../job-loop/attempt-errors.ts";
import { isDatabaseUnreachable, retryDbWrite } from "./retry-db-write.ts";

/**
 * The worker's writes of a job's status. Each is conditional on the row still
 * being in the state the worker expects, so a job cancelled (or finished by
 * another process) in the meantime is never overwritten.
 */

/** Marks the job processing for this attempt; false when it should not run (cancelled, finished or gone). */
export async function markJobProcessing(db: Db, jobId: string, attempt: number): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id: jobId, status: { in: ["queued", "processing"] } },
    data: { status: "processing", attempts: attempt, startedAt: new Date(), errorCode: null, errorMessage: null },
  });
  return count === 1;
}

/**
 * A failure: final ends the job, otherwise it waits queued for its next
 * attempt. Retried while the database is unreachable; past that bound an
 * AttemptNotRecordedError tells the job loop to put the queue job back
 * without ending it, as the row still says `processing`.
 */
export async function recordJobFailure(
  db: Db,
  jobId: string,
  error: { code: string; message: string },
  final: boolean,
  retryForMs?: number,
): Promise<void> {
  const write = () =>
    db.job.updateMany({
      where: { id: jobId, status: "processing" },
      data: final
        ? { status: "failed", errorCode: error.code, errorMessage: error.message, finishedAt: new Date() }
        : { status: "queued", errorCode: error.code, errorMessage: error.message },
    });
  try {
    await retryDbWrite(db, write, retryForMs);
  } catch (writeError) {
    if (isDatabaseUnreachable(writeError)) throw new AttemptNotRecordedError(jobId, { cause: writeError });
    throw writeError;
  }
}

/**
 * Shutdown handed the job back to the queue: it waits queued again, its
 * stored pages kept. Best effort, as shutdown cannot wait: a row left
 * `processing` is taken up again just the same.
 */
export async function returnJobToQueue(db: Db, jobId: string): Promise<void> {
  await db.job.updateMany({ where: { id: jobId, status: "processing" }, data: { status: "queued" } }).catch(() => undefined);
}

/** The current status of a job, or "deleted" when its row is gone. */
export async function readJobStatus(db: Pick<Db, "job">, jobId: string): Promise<string> {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { status: true } });
  return job?.status ?? "deleted";
}
