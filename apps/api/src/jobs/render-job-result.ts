import type { Db, Job } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { ResultFormat } from "@ocrflow/shared/validators";
import { jobResultJson } from "./job-result-json.ts";
import { renderHocr } from "./render-hocr.ts";
import { renderMarkdown } from "./render-markdown.ts";
import { resultMetadata } from "./result-metadata.ts";

export interface RenderedResult {
  contentType: string;
  body: string | object;
  headers: Record<string, string>;
}

/** A completed job's result in one of the formats of API.md. */
export async function renderJobResult(db: Db, job: Job, format: ResultFormat): Promise<RenderedResult> {
  if (job.status !== "completed") {
    throw new OcrflowError("CONFLICT", `The job is ${job.status}; its result exists once it is completed`);
  }
  const result = await db.result.findUnique({ where: { jobId: job.id } });
  if (!result) throw new OcrflowError("NOT_FOUND", "No result stored for this job");
  if (format === "text") return { contentType: "text/plain; charset=utf-8", body: result.text, headers: {} };

  const [pages, document] = await Promise.all([
    db.jobPage.findMany({ where: { jobId: job.id }, orderBy: { page: "asc" } }),
    db.document.findUnique({ where: { id: job.documentId }, select: { filename: true, category: true } }),
  ]);
  if (format === "json") {
    return { contentType: "application/json; charset=utf-8", body: jobResultJson(job, result, pages, document), headers: {} };
  }

  const title = document?.filename ?? job.id;
  if (format === "markdown") {
    return {
      contentType: "text/markdown; charset=utf-8",
      body: renderMarkdown({ title, pages, metadata: resultMetadata(result, document) }),
      headers: {},
    };
  }
  // hOCR is XHTML, and application/xhtml+xml is its registered type that XML
  // and hOCR tools expect. The text inside comes from users' scans, so it is a
  // download (attachment) that browsers may not sniff or run scripts in, never
  // a page rendered on the API's origin.
  return {
    contentType: "application/xhtml+xml; charset=utf-8",
    body: renderHocr({ title, pages }),
    headers: {
      "Content-Disposition": `attachment; filename="${job.id}.hocr"`,
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  };
}
