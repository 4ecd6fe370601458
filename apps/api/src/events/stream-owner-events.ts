import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@ocrflow/shared/db";
import { jobJson } from "@ocrflow/shared/job-json";
import type { JobEventSink } from "../jobs/stream-job-events.ts";
import { findChangedJobs, findLatestJobChange } from "./find-changed-jobs.ts";

export interface OwnerEventTiming {
  pollMs: number;
  heartbeatMs: number;
  /**
   * Changes this much older than the newest one seen are read again: each
   * writer (an API or worker on another host) stamps updatedAt with its own
   * clock, so a change may arrive stamped a little in the past.
   */
  lookbackMs: number;
  /** More changes than this in one look (a large batch submitted) send one `resync` instead of each job. */
  maxChanges: number;
}

export const OWNER_EVENT_TIMING: OwnerEventTiming = { pollMs: 500, heartbeatMs: 15_000, lookbackMs: 3_000, maxChanges: 500 };

/**
 * Follows all of an owner's jobs on one connection (a browser allows only a
 * few per server): a `job` event with the Job whenever one is created or
 * changes, and `resync` when too many changed at once to send each (the
 * client reloads what it shows). Deleted jobs send nothing. Runs until
 * `signal` aborts; the only timer is the awaited sleep, which the abort cancels.
 */
export async function streamOwnerEvents(
  db: Db,
  ownerId: string,
  sink: JobEventSink,
  signal: AbortSignal,
  timing: OwnerEventTiming = OWNER_EVENT_TIMING,
): Promise<void> {
  let since = new Date(Date.now() - timing.lookbackMs);
  // What each job looked like when last sent, so a change read twice in the lookback is sent once.
  const sent = new Map<string, { json: string; updatedAt: number }>();
  let lastWriteAt = Date.now();
  sink.event("ready", { since: since.toISOString() });
  while (!signal.aborted) {
    const rows = await findChangedJobs(db, ownerId, since, timing.maxChanges + 1);
    if (signal.aborted) return;
    if (rows.length > timing.maxChanges) {
      sink.event("resync", {});
      lastWriteAt = Date.now();
      sent.clear();
      since = (await findLatestJobChange(db, ownerId)) ?? since;
    } else {
      let newest = since.getTime() + timing.lookbackMs;
      for (const row of rows) {
        const job = jobJson(row);
        const json = JSON.stringify(job);
        newest = Math.max(newest, row.updatedAt.getTime());
        if (sent.get(row.id)?.json === json) continue;
        sink.event("job", job);
        sent.set(row.id, { json, updatedAt: row.updatedAt.getTime() });
        lastWriteAt = Date.now();
      }
      since = new Date(newest - timing.lookbackMs);
      for (const [id, entry] of sent) if (entry.updatedAt < since.getTime()) sent.delete(id);
    }
    if (Date.now() - lastWriteAt >= timing.heartbeatMs) {
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
