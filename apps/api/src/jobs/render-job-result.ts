import type { Db, Job } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { FileStorage } from "@ocrflow/shared/storage";
import type { ResultFormat } from "@ocrflow/shared/validators";
import { SIGNATURE_HEADER, SIGNATURE_NOT_CARRIED_OVER, searchablePdfOfJob } from "../results/searchable-pdf-of-job.ts";
import { jobResultJson } from "./job-result-json.ts";
import { renderAlto } from "./render-alto.ts";
import { renderHocr } from "./render-hocr.ts";
import { renderMarkdown } from "./render-markdown.ts";
import { resultMetadata } from "./result-metadata.ts";

export interface RenderedResult {
  contentType: string;
  body: string | object | Buffer;
  headers: Record<string, string>;
}

/** A completed job's result in one of the formats of API.md. */
export async function renderJobResult(
  { db, storage }: { db: Db; storage: FileStorage },
  job: Job,
  format: ResultFormat,
): Promise<RenderedResult> {
  if (job.status !== "completed") {
    throw new OcrflowError("CONFLICT", `The job is ${job.status}; its result exists once it is completed`);
  }
  const result = await db.result.findUnique({ where: { jobId: job.id } });
  if (!result) throw new OcrflowError("NOT_FOUND", "No result stored for this job");
  if (format === "text") return { contentType: "text/plain; charset=utf-8", body: result.text, headers: {} };
  if (format === "pdf") {
    const { pdf, signatureDropped } = await searchablePdfOfJob(db, storage, job);
    const headers: Record<string, string> = { "Content-Disposition": `attachment; filename="${job.id}.pdf"` };
    if (signatureDropped) headers[SIGNATURE_HEADER] = SIGNATURE_NOT_CARRIED_OVER;
    return { contentType: "application/pdf", body: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), headers };
  }

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
  if (format === "alto") {
    const altoPages = pages.map((page) => ({ ...page, words: JSON.parse(page.words) }));
    return {
      contentType: "application/xml; charset=utf-8",
      body: renderAlto({ title, pages: altoPages }),
      headers: {
        "Content-Disposition": `attachment; filename="${job.id}.alto.xml"`,
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
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
