import type { Db } from "@ocrflow/shared/db";
import { JobStoppedError } from "../job-loop/attempt-errors.ts";
import type { PageResult } from "../ocr/types.ts";
import { readJobStatus } from "./job-events.ts";

/**
 * Stores one recognised page as soon as it is done, with the job's progress,
 * in one transaction that only commits while the job is still processing:
 * this is also where a cancel whose message was missed is noticed, between pages.
 */
export async function storePage(db: Db, jobId: string, page: PageResult, progress: number): Promise<void> {
  const data = {
    text: page.text,
    confidence: page.confidence,
    width: page.width,
    height: page.height,
    words: JSON.stringify(page.words),
    hocr: page.hocr,
  };
  await db.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({ where: { id: jobId, status: "processing" }, data: { progress } });
    if (count !== 1) throw new JobStoppedError(jobId, await readJobStatus(tx, jobId));
    await tx.jobPage.upsert({
      where: { jobId_page: { jobId, page: page.page } },
      create: { jobId, page: page.page, ...data },
      update: data,
    });
  });
}
