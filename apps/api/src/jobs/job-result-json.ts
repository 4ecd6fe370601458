import type { Document, Job, JobPage, Result } from "@ocrflow/shared/db";
import { decodeLanguages } from "@ocrflow/shared/encoding";
import { jobPageJson } from "../pages/job-page-json.ts";
import { resultMetadata } from "./result-metadata.ts";

/** Result JSON, as API.md gives it. */
export function jobResultJson(job: Job, result: Result, pages: JobPage[], document: Pick<Document, "category"> | null) {
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
    metadata: resultMetadata(result, document),
    pages: pages.map(jobPageJson),
  };
}
