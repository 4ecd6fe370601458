import { RETRY_MAX_FAILED } from "../constants.ts";
import type { Db, Job } from "../db.ts";
import { type ErrorCode, isOcrflowError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { RetryJobsBody } from "../validators/requests.ts";
import type { OcrQueues } from "./job-queues.ts";
import { retryJob } from "./retry-job.ts";

/** Refusals that concern one job: it is skipped and the others go on. */
const SKIPPED_CODES: readonly ErrorCode[] = ["NOT_FOUND", "CONFLICT"];

export interface RetriedJobs {
  jobs: Job[];
  skipped: { id: string; code: ErrorCode; reason: string }[];
  more: boolean;
}

/** The caller's failed jobs (of one batch), oldest failure first; one over the bound tells whether more remain. */
async function failedJobIds(db: Db, ownerId: string, batchId: string | undefined): Promise<string[]> {
  const jobs = await db.job.findMany({
    where: { ownerId, status: "failed", batchId },
    orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
    take: RETRY_MAX_FAILED + 1,
    select: { id: true },
  });
  return jobs.map((job) => job.id);
}

/**
 * Dead-letter replay: retries each selected job through retryJob, one at a
 * time. Another user's or an unknown id, or a job that cannot be retried,
 * is skipped with the code a single retry would answer. When the queue
 * itself fails, jobs already queued stay queued and the rest are skipped
 * with that code, unless none was queued: then the error is the answer.
 */
export async function retryJobs(deps: { db: Db; queues: OcrQueues; logger: Logger }, ownerId: string, selection: RetryJobsBody) {
  const selected = "jobIds" in selection ? [...new Set(selection.jobIds)] : await failedJobIds(deps.db, ownerId, selection.batchId);
  const ids = selected.slice(0, RETRY_MAX_FAILED);
  const outcome: RetriedJobs = { jobs: [], skipped: [], more: selected.length > ids.length };
  for (const [index, id] of ids.entries()) {
    try {
      outcome.jobs.push(await retryJob(deps, ownerId, id));
    } catch (error) {
      if (!isOcrflowError(error)) throw error;
      if (SKIPPED_CODES.includes(error.code)) {
        outcome.skipped.push({ id, code: error.code, reason: error.message });
        continue;
      }
      if (outcome.jobs.length === 0) throw error;
      outcome.skipped.push(...ids.slice(index).map((rest) => ({ id: rest, code: error.code, reason: error.message })));
      break;
    }
  }
  return outcome;
}
