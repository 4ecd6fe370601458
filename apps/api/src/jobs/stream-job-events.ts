import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@ocrflow/shared/db";
import { type JobJson, jobJson } from "@ocrflow/shared/job-json";
import { isFinished } from "@ocrflow/shared/jobs";

/** Where the events go; the HTTP side writes them as Server-Sent Events. */
export interface JobEventSink {
  event(name: string, data: unknown): void;
  /** A comment line, which keeps proxies from closing an idle stream. */
  comment(text: string): void;
}

export interface JobEventTiming {
  pollMs: number;
  heartbeatMs: number;
}

export const JOB_EVENT_TIMING: JobEventTiming = { pollMs: 300, heartbeatMs: 15_000 };

/**
 * Follows a job by polling its row (works with any worker, in any process)
 * and sends a `progress` event with the Job at once and whenever it changes,
 * then the final `completed|failed|cancelled` event, and returns. Returns as
 * well when `signal` aborts (the client went away) or the row is deleted;
 * the only timer is the awaited sleep, which the abort cancels.
 */
export async function streamJobEvents(
  db: Db,
  jobId: string,
  sink: JobEventSink,
  signal: AbortSignal,
  timing: JobEventTiming = JOB_EVENT_TIMING,
): Promise<void> {
  let lastSent = "";
  let lastWriteAt = Date.now();
  while (!signal.aborted) {
    const job = await db.job.findUnique({ where: { id: jobId } });
    if (!job || signal.aborted) return;
    const json: JobJson = jobJson(job);
    if (isFinished(job.status)) {
      sink.event(job.status, json);
      return;
    }
    const serialized = JSON.stringify(json);
    if (serialized !== lastSent) {
      sink.event("progress", json);
      lastSent = serialized;
      lastWriteAt = Date.now();
    } else if (Date.now() - lastWriteAt >= timing.heartbeatMs) {
      sink.comment("heartbeat");
      lastWriteAt = Date.now();
    }
    try {
      await sleep(timing.pollMs, undefined, { signal });
    } catch {
      return;
    }
  }
}
