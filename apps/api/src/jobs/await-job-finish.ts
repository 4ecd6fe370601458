import type { Db, Job } from "@ocrflow/shared/db";
import { isFinished } from "@ocrflow/shared/jobs";
import { JOB_EVENT_TIMING, type JobEventTiming, streamJobEvents } from "./stream-job-events.ts";

/**
 * The job's row once it is finished (completed, failed or cancelled), or
 * undefined when `signal` aborts first (the wait is over, the client went away,
 * the API shuts down) or the row is gone. Follows the job as its event stream
 * does, by polling its row, so it sees what any worker in any process writes.
 */
export async function awaitJobFinish(
  db: Db,
  jobId: string,
  signal: AbortSignal,
  timing: JobEventTiming = JOB_EVENT_TIMING,
): Promise<Job | undefined> {
  let finished = false;
  const sink = {
    event: (name: string) => {
      finished = isFinished(name);
    },
    comment: () => undefined,
  };
  await streamJobEvents(db, jobId, sink, signal, timing);
  if (!finished) return undefined;
  return (await db.job.findUnique({ where: { id: jobId } })) ?? undefined;
}
