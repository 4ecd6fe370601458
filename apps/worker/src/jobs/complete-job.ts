import type { Db } from "@ocrflow/shared/db";
import { JobStoppedError } from "../job-loop/attempt-errors.ts";
import { assembleResult } from "./assemble-result.ts";
import { readJobStatus } from "./job-events.ts";
import { retryDbWrite } from "./retry-db-write.ts";

/**
 * Assembles the result from every stored page (this attempt's and earlier
 * ones') and completes the job in one transaction, only while it is still
 * processing: a job cancelled meanwhile never becomes completed. Retried
 * while the database is unreachable; a job found completed already is left
 * as it is, so its result is stored once. True when this call completed it.
 */
export async function completeJob(
  db: Db,
  job: { id: string; documentId: string },
  run: { pageCount: number; processingMs: number },
): Promise<boolean> {
  const pages = await db.jobPage.findMany({
    where: { jobId: job.id },
    select: { page: true, text: true, confidence: true, words: true },
  });
  const { text, confidence } = assembleResult(pages, run.pageCount);
  const summary = { text, confidence, pageCount: run.pageCount, processingMs: run.processingMs };
  return retryDbWrite(db, () =>
    db.$transaction(async (tx) => {
      const { count } = await tx.job.updateMany({
        where: { id: job.id, status: "processing" },
        data: { status: "completed", progress: 100, finishedAt: new Date() },
      });
      if (count !== 1) {
        const status = await readJobStatus(tx, job.id);
        // A commit whose answer was lost before a retry, or another run of the same job: done once already.
        if (status === "completed") return false;
        throw new JobStoppedError(job.id, status);
      }
      await tx.result.upsert({ where: { jobId: job.id }, create: { jobId: job.id, ...summary }, update: summary });
      await tx.document.update({ where: { id: job.documentId }, data: { pageCount: run.pageCount } });
      return true;
    }),
  );
}
