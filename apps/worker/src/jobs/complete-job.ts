import type { Db } from "@ocrflow/shared/db";
import { JobStoppedError } from "../job-loop/attempt-errors.ts";
import { assembleResult } from "./assemble-result.ts";
import { readJobStatus } from "./job-events.ts";

/**
 * Assembles the result from every stored page (this attempt's and earlier
 * ones') and completes the job in one transaction, only while it is still
 * processing: a job cancelled meanwhile never becomes completed.
 */
export async function completeJob(
  db: Db,
  job: { id: string; documentId: string },
  run: { pageCount: number; processingMs: number },
): Promise<void> {
  const pages = await db.jobPage.findMany({
    where: { jobId: job.id },
    select: { page: true, text: true, confidence: true, words: true },
  });
  const { text, confidence } = assembleResult(pages, run.pageCount);
  const summary = { text, confidence, pageCount: run.pageCount, processingMs: run.processingMs };
  await db.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({
      where: { id: job.id, status: "processing" },
      data: { status: "completed", progress: 100, finishedAt: new Date() },
    });
    if (count !== 1) throw new JobStoppedError(job.id, await readJobStatus(tx, job.id));
    await tx.result.upsert({ where: { jobId: job.id }, create: { jobId: job.id, ...summary }, update: summary });
    await tx.document.update({ where: { id: job.documentId }, data: { pageCount: run.pageCount } });
  });
}
