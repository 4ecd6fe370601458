import type { Db, Job } from "@ocrflow/shared/db";
import { decodeLanguages } from "@ocrflow/shared/encoding";
import { type ErrorCode, isOcrflowError } from "@ocrflow/shared/errors";
import { findOwnedJob } from "@ocrflow/shared/jobs";
import type { FileStorage } from "@ocrflow/shared/storage";
import { idSchema } from "@ocrflow/shared/validators";
import { analyzeResultJson, type ReadPage, type StoredWord } from "./analyze-result-json.ts";
import { AzureRequestError, azureErrorOf } from "./azure-error.ts";
import type { CommonQuery } from "./analyze-query.ts";
import type { ReadPdfPageSizes } from "./pdf-page-sizes.ts";

/** Azure's operation status of each ocrflow job status. */
const OPERATION_STATUS: Record<string, string> = {
  queued: "notStarted",
  processing: "running",
  completed: "succeeded",
  failed: "failed",
  cancelled: "canceled",
};

export interface OperationDeps {
  db: Db;
  storage: FileStorage;
  readPdfPageSizes: ReadPdfPageSizes;
}

/** The caller's job of a result id; anything else (not a UUID, unknown, another user's) is the same 404. */
export async function findAnalyzeJob(db: Db, ownerId: string, resultId: string): Promise<Job> {
  const notFound = new AzureRequestError(404, "NotFound", "Resource not found.", {
    code: "ResultNotFound",
    message: "The requested analyze result was not found.",
  });
  if (!idSchema.safeParse(resultId).success) throw notFound;
  try {
    return await findOwnedJob(db, ownerId, resultId);
  } catch (error) {
    if (isOcrflowError(error) && error.code === "NOT_FOUND") throw notFound;
    throw error;
  }
}

/** The pages of a completed job, with their sizes in inches when the document is a PDF. */
async function readPages(deps: OperationDeps, job: Job): Promise<ReadPage[]> {
  const rows = await deps.db.jobPage.findMany({ where: { jobId: job.id }, orderBy: { page: "asc" } });
  const document = await deps.db.document.findUnique({ where: { id: job.documentId }, select: { mimeType: true, storageKey: true } });
  const sizes =
    document?.mimeType === "application/pdf" ? await deps.readPdfPageSizes(job.documentId, deps.storage.pathOf(document.storageKey)) : [];
  return rows.map((row) => {
    const size = sizes[row.page - 1];
    // A page turned upright by the worker is measured across: its inches follow.
    const turned = size && row.width > row.height !== size.width > size.height;
    return {
      page: row.page,
      width: row.width,
      height: row.height,
      words: JSON.parse(row.words) as StoredWord[],
      size: size && (turned ? { width: size.height, height: size.width } : size),
    };
  });
}

/** GET .../analyzeResults/{resultId}: the job's state as Azure's analyze operation, with the result once it is done. */
export async function analyzeOperationJson(deps: OperationDeps, job: Job, query: CommonQuery & { modelId: string }) {
  const status = OPERATION_STATUS[job.status] ?? "running";
  const operation = {
    status,
    createdDateTime: job.createdAt.toISOString(),
    lastUpdatedDateTime: job.updatedAt.toISOString(),
  };
  if (status === "failed" || status === "canceled") {
    const code = (job.errorCode ?? (status === "canceled" ? "CONFLICT" : "OCR_FAILED")) as ErrorCode;
    const message = job.errorMessage ?? (status === "canceled" ? "The analysis was cancelled" : "The analysis failed");
    return { ...operation, error: azureErrorOf(code, message).error };
  }
  if (status !== "succeeded") return operation;
  const analyzeResult = analyzeResultJson({
    apiVersion: query.apiVersion,
    modelId: query.modelId,
    stringIndexType: query.stringIndexType,
    languages: decodeLanguages(job.languages),
    pages: await readPages(deps, job),
  });
  return { ...operation, analyzeResult };
}
