import type { Db } from "@ocrflow/shared/db";
import { completeJob as completeJobRow } from "@ocrflow/shared/jobs";
import { stopUnlessApplied } from "../job-loop/attempt-errors.ts";
import { assembleResult } from "./assemble-result.ts";
import { loadOwnerModel } from "./load-owner-model.ts";
import { retryDbWrite } from "./retry-db-write.ts";
import { understandResult } from "./understand-result.ts";

/**
 * Assembles the result from every stored page (this attempt's and earlier
 * ones'), with what was understood of it (metadata), and completes the job with the model that read it and the cache
 * key under which that model's result is found, only while it is still
 * processing: a job cancelled meanwhile never becomes completed. Retried for
 * `retryForMs` while the database is unreachable; a job found completed
 * already is left as it is (a commit whose answer was lost before a retry, or
 * another run of the same job), so its result is stored once. True when this
 * call completed it.
 */
export async function completeJob(
  db: Db,
  job: { id: string; documentId: string; ownerId: string },
  run: { pageCount: number; processingMs: number; model: string; cacheKey: string },
  retryForMs: number,
): Promise<boolean> {
  const pages = await db.jobPage.findMany({
    where: { jobId: job.id },
    select: { page: true, text: true, confidence: true, words: true, identifiers: true },
  });
  const { text, confidence } = assembleResult(pages, run.pageCount);
  const metadata = understandResult(pages, await loadOwnerModel(db, job.ownerId));
  const result = { text, confidence, pageCount: run.pageCount, processingMs: run.processingMs, engine: run.model, metadata };
  const outcome = await retryDbWrite(db, () => completeJobRow(db, job, result, run.cacheKey), retryForMs);
  if (!outcome.applied && outcome.state === "completed") return false;
  stopUnlessApplied(job.id, outcome);
  return true;
}
