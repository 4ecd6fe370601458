import type { Db } from "@ocrflow/shared/db";
import { failAttempt } from "@ocrflow/shared/jobs";
import { AttemptNotRecordedError } from "../job-loop/attempt-errors.ts";
import { isTransientDbError } from "@ocrflow/shared/db";
import { retryDbWrite } from "./retry-db-write.ts";

/**
 * Records a failed attempt on the job's row: final ends the job, otherwise it
 * waits queued for its next attempt (a job cancelled meanwhile stays
 * cancelled). Retried for `retryForMs` while the database is unreachable;
 * past that an AttemptNotRecordedError tells the job loop to put the queue job
 * back without ending it, as the row still says `processing`.
 */
export async function recordFailure(
  db: Db,
  jobId: string,
  failure: { code: string; message: string },
  final: boolean,
  retryForMs: number,
): Promise<void> {
  try {
    await retryDbWrite(db, () => failAttempt(db, jobId, failure, final), retryForMs);
  } catch (writeError) {
    if (isTransientDbError(writeError)) throw new AttemptNotRecordedError(jobId, { cause: writeError });
    throw writeError;
  }
}
