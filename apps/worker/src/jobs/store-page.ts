import type { Db } from "@ocrflow/shared/db";
import type { PageResult } from "../ocr/types.ts";

/** Stores one recognised page as soon as it is done (a retry may write it again). */
export async function storePage(db: Db, jobId: string, page: PageResult): Promise<void> {
  const data = {
    text: page.text,
    confidence: page.confidence,
    width: page.width,
    height: page.height,
    words: JSON.stringify(page.words),
    hocr: page.hocr,
  };
  await db.jobPage.upsert({ where: { jobId_page: { jobId, page: page.page } }, create: { jobId, page: page.page, ...data }, update: data });
}
