import type { Db, DbTx, Job, JobPage, Result } from "../db.ts";
import { owedWebhookState } from "../webhooks/webhook-outbox.ts";
import { canTransition, JOB_TRANSITIONS, type JobState, type JobTransition, type TransitionOutcome } from "./job-status.ts";
import { readJobState } from "./owned-reads.ts";

/**
 * The only writes of a job's status. Each is one conditional write (WHERE
 * status IN the states its transition starts from, job-status.ts), so two
 * processes racing over one job (a cancel and the worker's last page, two
 * retries at once) resolve cleanly: one applies, the other learns the state
 * that stopped it and decides from that.
 */

type JobChanges = Parameters<Db["job"]["updateMany"]>[0]["data"];

async function transition(
  db: Db | DbTx,
  name: Exclude<JobTransition, "remove">,
  jobId: string,
  data: JobChanges,
  /** The status read before, when the change depends on it (it must be one the transition starts from). */
  expected?: string,
): Promise<TransitionOutcome> {
  const from: readonly string[] = expected === undefined ? JOB_TRANSITIONS[name].from : [expected];
  if (expected !== undefined && !canTransition(name, expected)) return { applied: false, state: expected as JobState };
  const to = JOB_TRANSITIONS[name].to;
  const { count } = await db.job.updateMany({ where: { id: jobId, status: { in: [...from] } }, data: { ...data, status: to } });
  return count === 1 ? { applied: true } : { applied: false, state: await readJobState(db, jobId) };
}

/** A worker starts attempt number `attempt` (1-based). */
export function startAttempt(db: Db, jobId: string, attempt: number): Promise<TransitionOutcome> {
  return transition(db, "start", jobId, { attempts: attempt, startedAt: new Date(), errorCode: null, errorMessage: null });
}

/** A page's columns as a worker stores them (words and layout as JSON text). */
export type StoredPageColumns = Omit<JobPage, "jobId">;

/**
 * Stores one recognised page with the job's progress, in one transaction that
 * only writes while the job is processing: also where a cancel whose message
 * a worker missed is noticed, between pages.
 */
export function storePage(db: Db, jobId: string, page: StoredPageColumns, progress: number): Promise<TransitionOutcome> {
  return db.$transaction(async (tx) => {
    const outcome = await transition(tx, "storePage", jobId, { progress });
    if (!outcome.applied) return outcome;
    const { page: number, ...columns } = page;
    await tx.jobPage.upsert({
      where: { jobId_page: { jobId, page: number } },
      create: { jobId, page: number, ...columns },
      update: columns,
    });
    return outcome;
  });
}

/** The result's columns as the worker assembles them from the stored pages. */
export type ResultColumns = Omit<Result, "jobId" | "createdAt">;

/**
 * Completes a processing job with its result, and records the document's page
 * count, in one transaction: a job cancelled meanwhile never becomes completed.
 * `cacheKey` is the key of the model that read it (resultCacheKey), which
 * replaces the one the API assumed at submit.
 */
export function completeJob(
  db: Db,
  job: Pick<Job, "id" | "documentId">,
  result: ResultColumns,
  cacheKey: string,
): Promise<TransitionOutcome> {
  return db.$transaction(async (tx) => {
    const outcome = await transition(tx, "complete", job.id, { progress: 100, finishedAt: new Date(), cacheKey });
    if (!outcome.applied) return outcome;
    await tx.result.upsert({ where: { jobId: job.id }, create: { jobId: job.id, ...result }, update: result });
    await tx.document.update({ where: { id: job.documentId }, data: { pageCount: result.pageCount } });
    return outcome;
  });
}

/** A failed attempt: `final` ends the job as failed, otherwise it waits queued for its next attempt. */
export function failAttempt(db: Db, jobId: string, error: { code: string; message: string }, final: boolean): Promise<TransitionOutcome> {
  const recorded = { errorCode: error.code, errorMessage: error.message };
  return final ? transition(db, "fail", jobId, { ...recorded, finishedAt: new Date() }) : transition(db, "requeue", jobId, recorded);
}

/** A worker shutting down hands its job back: queued again, its stored pages kept. */
export function handBackJob(db: Db, jobId: string): Promise<TransitionOutcome> {
  return transition(db, "requeue", jobId, {});
}

/** Cancels a job that was `status` when read (queued or processing). */
export function cancelJobRow(db: Db, job: Pick<Job, "id" | "status">): Promise<TransitionOutcome> {
  return transition(db, "cancel", job.id, { finishedAt: new Date() }, job.status);
}

/** What a retry changes, to put back if the job cannot be enqueued after all. */
type RetriedColumns = Pick<Job, "status" | "errorCode" | "errorMessage" | "attempts" | "startedAt" | "finishedAt" | "webhookState">;

/**
 * Queues a failed or cancelled job again, as it was read. Returns `restore`,
 * which puts the row back as it was while it is still queued (the enqueue
 * that should follow failed).
 */
export async function retryJobRow(
  db: Db,
  job: Pick<Job, "id" | "webhookUrl"> & RetriedColumns,
): Promise<TransitionOutcome & { restore: () => Promise<void> }> {
  const outcome = await transition(
    db,
    "retry",
    job.id,
    {
      errorCode: null,
      errorMessage: null,
      attempts: 0,
      startedAt: null,
      finishedAt: null,
      webhookState: owedWebhookState(job.webhookUrl),
    },
    job.status,
  );
  const { status, errorCode, errorMessage, attempts, startedAt, finishedAt, webhookState } = job;
  const restore = async () => {
    await db.job.updateMany({
      where: { id: job.id, status: JOB_TRANSITIONS.retry.to },
      data: { status, errorCode, errorMessage, attempts, startedAt, finishedAt, webhookState },
    });
  };
  return { ...outcome, restore };
}

/** Deletes a finished job that was `status` when read, with its pages and result. */
export function removeJobRow(db: Db, job: Pick<Job, "id" | "status">): Promise<TransitionOutcome> {
  return db.$transaction(async (tx) => {
    if (!canTransition("remove", job.status)) return { applied: false, state: job.status as JobState };
    const { count } = await tx.job.deleteMany({ where: { id: job.id, status: job.status } });
    if (count !== 1) return { applied: false, state: await readJobState(tx, job.id) };
    await tx.jobPage.deleteMany({ where: { jobId: job.id } });
    await tx.result.deleteMany({ where: { jobId: job.id } });
    return { applied: true };
  });
}
