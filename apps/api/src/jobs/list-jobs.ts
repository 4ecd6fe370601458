import type { Db } from "@ocrflow/shared/db";
import { JOB_JSON_FIELDS } from "@ocrflow/shared/job-json";
import type { JobListQuery } from "@ocrflow/shared/validators";
import { jobJson } from "./job-json.ts";

/** A page of the caller's jobs, newest first; id breaks ties so pages never overlap. */
export async function listJobs(db: Db, ownerId: string, query: JobListQuery) {
  const { page, pageSize, status, batchId } = query;
  const where = { ownerId, status, batchId };
  const [jobs, counted] = await Promise.all([
    db.job.findMany({
      where,
      select: JOB_JSON_FIELDS,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    // Grouped by the owner the filter fixes: one plain COUNT(*) the index answers
    // alone. count() counts a subquery selecting id, which reads every row.
    db.job.groupBy({ by: ["ownerId"], where, _count: { _all: true } }),
  ]);
  return { items: jobs.map(jobJson), page, pageSize, total: counted[0]?._count._all ?? 0 };
}
