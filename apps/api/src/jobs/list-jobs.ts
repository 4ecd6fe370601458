import type { Db } from "@ocrflow/shared/db";
import type { JobListQuery } from "@ocrflow/shared/validators";
import { jobJson } from "./job-json.ts";

/** A page of the caller's jobs, newest first; id breaks ties so pages never overlap. */
export async function listJobs(db: Db, ownerId: string, query: JobListQuery) {
  const { page, pageSize, status, batchId } = query;
  const where = { ownerId, status, batchId };
  const [jobs, total] = await Promise.all([
    db.job.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
    db.job.count({ where }),
  ]);
  return { items: jobs.map(jobJson), page, pageSize, total };
}
