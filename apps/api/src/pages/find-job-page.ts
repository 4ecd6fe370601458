import { type Db, type Job, type JobPage, sql } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";

/** One stored page of a job (stored as soon as it is read, so also while the job runs), or 404. */
export async function findJobPage(db: Db, jobId: string, page: number): Promise<JobPage> {
  const [row] = await db.$queryRaw<JobPage[]>(sql`SELECT * FROM "JobPage" WHERE "jobId" = ${jobId} AND "page" = ${page}`);
  if (!row) throw new OcrflowError("NOT_FOUND", `Page ${page} of this job is not read (yet)`);
  return row;
}

/** How many pages the job's document has: the result's count once completed, else the document's once a worker read it. */
export async function pageCountOf(db: Db, job: Pick<Job, "id" | "documentId">): Promise<number | null> {
  const [row] = await db.$queryRaw<{ resultPages: number | null; documentPages: number | null }[]>(
    sql`SELECT (SELECT "pageCount" FROM "Result" WHERE "jobId" = ${job.id}) AS "resultPages",
               (SELECT "pageCount" FROM "Document" WHERE "id" = ${job.documentId}) AS "documentPages"`,
  );
  const count = row?.resultPages ?? row?.documentPages;
  return count === null || count === undefined ? null : Number(count);
}
