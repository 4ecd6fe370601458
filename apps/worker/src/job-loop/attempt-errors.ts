import type { TransitionOutcome } from "@ocrflow/shared/jobs";

/**
 * Why an attempt stopped before its processor finished. Each is an abort
 * reason (or is thrown where the same fact is found in the database) and
 * decides how the BullMQ job ends; none is a failure of the document.
 */

/** The job's row left `processing` (cancelled, or finished elsewhere): end the queue job, never retry it. */
export class JobStoppedError extends Error {
  readonly jobId: string;
  readonly status: string;

  constructor(jobId: string, status: string) {
    super(`job ${jobId} is ${status}`);
    this.name = "JobStoppedError";
    this.jobId = jobId;
    this.status = status;
  }
}

/** Throws JobStoppedError when a write of the job's row did not apply: the row is no longer the worker's to change. */
export function stopUnlessApplied(jobId: string, outcome: TransitionOutcome): void {
  if (!outcome.applied) throw new JobStoppedError(jobId, outcome.state);
}

/** The worker is shutting down: the job goes back to the queue, as it was, for any worker to take at once. */
export class JobHandedBackError extends Error {
  constructor() {
    super("worker shutting down; job handed back to the queue");
    this.name = "JobHandedBackError";
  }
}

/** The queue lock could not be renewed: another worker may own the job now, so this one stops touching it. */
export class LockLostError extends Error {
  constructor(jobId: string) {
    super(`lost the queue lock of job ${jobId}`);
    this.name = "LockLostError";
  }
}

/**
 * How the attempt ended could not be written to the database (unreachable
 * for longer than the write is retried). The queue job is put back, delayed
 * and without counting the attempt, so the row and the queue never disagree
 * for good: a later attempt runs once the database is back.
 */
export class AttemptNotRecordedError extends Error {
  constructor(jobId: string, options: { cause: unknown }) {
    super(`could not record how the attempt of job ${jobId} ended`, options);
    this.name = "AttemptNotRecordedError";
  }
}
