import type { Db } from "@ocrflow/shared/db";
import type { OcrResult } from "../ocr/types.ts";

/** Writes the result and completes the job in one transaction. */
export async function completeJob(db: Db, job: { id: string; documentId: string }, result: OcrResult): Promise<void> {
  const summary = { text: result.text, confidence: result.confidence, pageCount: result.pageCount, processingMs: result.processingMs };
  await db.$transaction([
    db.result.upsert({ where: { jobId: job.id }, create: { jobId: job.id, ...summary }, update: summary }),
    db.document.update({ where: { id: job.documentId }, data: { pageCount: result.pageCount } }),
    db.job.update({ where: { id: job.id }, data: { status: "completed", progress: 100, finishedAt: new Date() } }),
  ]);
}
