import { ACTIVE_STATUSES } from "@ocrflow/shared/jobs";
import type { Db, Job } from "@ocrflow/shared/db";

export type ActiveJob = Pick<Job, "id" | "status" | "priority" | "maxAttempts">;

const PAGE_SIZE = 200;

/**
 * Every queued or processing job not touched for `graceMs`, a page at a time
 * (the (status, updatedAt) index does the filtering; the id orders the pages).
 * The grace keeps out a job the API has just written and is still enqueuing.
 */
export async function* findStaleActiveJobs(db: Db, graceMs: number): AsyncGenerator<ActiveJob[]> {
  const cutoff = new Date(Date.now() - graceMs);
  let after: string | undefined;
  for (;;) {
    const page = await db.job.findMany({
      where: { status: { in: [...ACTIVE_STATUSES] }, updatedAt: { lt: cutoff }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: PAGE_SIZE,
      select: { id: true, status: true, priority: true, maxAttempts: true },
    });
    if (page.length > 0) yield page;
    if (page.length < PAGE_SIZE) return;
    after = page[page.length - 1]!.id;
  }
}
