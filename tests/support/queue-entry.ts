import type { JobState } from "bullmq";
import type { PriorityName } from "../../packages/shared/src/constants.ts";
import type { OcrQueues } from "../../packages/shared/src/jobs/index.ts";
import { priorityNameOf } from "../../packages/shared/src/queues.ts";
import { waitFor } from "./wait-for.ts";

/**
 * A job's BullMQ entry once it is in one of `states` (finished by default): state, attempts made, failure reason.
 * `job` is a row (priority 0-10) or the API's Job (priority by name).
 */
export async function queueEntryIn(
  queues: OcrQueues,
  job: { id: string; priority: number | PriorityName },
  states: readonly (JobState | "unknown")[] = ["completed", "failed"],
) {
  const queue = queues[typeof job.priority === "number" ? priorityNameOf(job.priority) : job.priority];
  return waitFor(`queue entry of job ${job.id} to be ${states.join(" or ")}`, async () => {
    // The state first: the entry read after it is at least as new.
    const state = await queue.getJobState(job.id);
    if (!states.includes(state)) return undefined;
    const entry = await queue.getJob(job.id);
    if (!entry) return undefined;
    return { state, attemptsMade: entry.attemptsMade, failedReason: entry.failedReason };
  });
}
