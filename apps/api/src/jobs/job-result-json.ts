import type { Job, JobPage, Result } from "@ocrflow/shared/db";
import { decodeLanguages } from "@ocrflow/shared/encoding";

/** Result JSON, as API.md gives it. */
export function jobResultJson(job: Job, result: Result, pages: JobPage[]) {
  return {
    jobId: job.id,
    documentId: job.documentId,
    text: result.text,
    confidence: result.confidence,
    languages: decodeLanguages(job.languages),
    pageCount: result.pageCount,
    processingMs: result.processingMs,
    engine: result.engine,
    cached: job.cached,
    pages: pages.map((page) => ({
      page: page.page,
      text: page.text,
      confidence: page.confidence,
      width: page.width,
      height: page.height,
      words: JSON.parse(page.words) as unknown[],
    })),
  };
}
