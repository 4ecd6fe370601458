/** Job states, in the order a job moves through them. */
export const JOB_STATUSES = ["queued", "processing", "completed", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINISHED_STATUSES = ["completed", "failed", "cancelled"] as const satisfies readonly JobStatus[];
export const ACTIVE_STATUSES = ["queued", "processing"] as const satisfies readonly JobStatus[];

/**
 * Every change a job's row can go through: the states it may be in for the
 * change to apply, and the state it leaves it in (null: the row is deleted).
 * Each has one conditional write in job-transitions.ts; a change asked of a
 * job in any other state does nothing and says what the state is instead.
 */
export const JOB_TRANSITIONS = {
  /** A worker starts an attempt (processing: the attempt of a worker that died). */
  start: { from: ["queued", "processing"], to: "processing" },
  /** A worker stored one more page and the job's progress. */
  storePage: { from: ["processing"], to: "processing" },
  complete: { from: ["processing"], to: "completed" },
  /** A final failure: no attempt left, or content that no attempt can read. */
  fail: { from: ["processing"], to: "failed" },
  /** A failure worth another attempt, or a job handed back on shutdown: it waits in its queue again. */
  requeue: { from: ["processing"], to: "queued" },
  cancel: { from: ["queued", "processing"], to: "cancelled" },
  retry: { from: ["failed", "cancelled"], to: "queued" },
  remove: { from: ["completed", "failed", "cancelled"], to: null },
} as const satisfies Record<string, { from: readonly JobStatus[]; to: JobStatus | null }>;
export type JobTransition = keyof typeof JOB_TRANSITIONS;

/** Whether `transition` applies to a job in `status`. */
export function canTransition(transition: JobTransition, status: string): status is JobStatus {
  return (JOB_TRANSITIONS[transition].from as readonly string[]).includes(status);
}

/** What a job's row says now: a status, or "deleted" when the row is gone. */
export type JobState = JobStatus | "deleted";

/** How a conditional write went: applied, or not, with the state that stopped it. */
export type TransitionOutcome = { applied: true } | { applied: false; state: JobState };

export function isFinished(status: string): boolean {
  return (FINISHED_STATUSES as readonly string[]).includes(status);
}

/** Queued or processing: the job still owes a queue entry and a final state. */
export function isActive(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}
