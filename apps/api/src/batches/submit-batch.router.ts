import { type Response, Router } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";
import { assertLanguagesUsable } from "@ocrflow/shared/languages";
import { submitBatchBodySchema, submitBatchUploadFieldsSchema } from "@ocrflow/shared/validators";
import type { AppDeps } from "../deps.ts";
import { ownerOf } from "../http/owner.ts";
import { MAX_BATCH_FILES, type createUpload } from "../http/upload.ts";
import { jobJson } from "../jobs/job-json.ts";
import { batchUploadsOf } from "./batch-uploads.ts";
import { findBatchDocuments } from "./find-batch-documents.ts";
import { discardDocuments, storeBatchUploads } from "./store-batch-uploads.ts";
import { type SubmittedBatch, submitBatch } from "./submit-batch.ts";

/** POST /api/v1/jobs/batch: JSON {documentIds, ...options}, or multipart with repeated `files`. */
export function submitBatchRouter(deps: AppDeps, upload: ReturnType<typeof createUpload>): Router {
  const router = Router();
  const batchDeps = { ...deps, maxAttempts: deps.config.JOB_MAX_ATTEMPTS };

  const send = (res: Response, submitted: SubmittedBatch) =>
    res
      .status(202)
      .location(`/api/v1/batches/${submitted.batch.id}`)
      .json({ batch: submitted.batch, jobs: submitted.jobs.map(jobJson) });

  router.post("/", async (req, res, next) => {
    if (req.is("multipart/form-data")) return next();
    if (!req.is("application/json")) throw new OcrflowError("UNSUPPORTED_MEDIA_TYPE", "Send JSON or multipart/form-data");
    const { documentIds, ...options } = submitBatchBodySchema.parse(req.body);
    assertLanguagesUsable(deps.languages, options.languages);
    const owner = ownerOf(req);
    const documents = await findBatchDocuments(deps.db, owner, documentIds);
    send(res, await submitBatch(batchDeps, owner, documents, options));
  });

  router.post("/", upload.array("files", MAX_BATCH_FILES), async (req, res) => {
    const uploads = batchUploadsOf(req);
    const owner = ownerOf(req);
    try {
      const options = submitBatchUploadFieldsSchema.parse(req.body);
      // Checked before any file is stored, so a refused option leaves nothing behind.
      assertLanguagesUsable(deps.languages, options.languages);
      const { documents, created } = await storeBatchUploads(deps, owner, uploads);
      try {
        send(res, await submitBatch(batchDeps, owner, documents, options));
      } catch (error) {
        await discardDocuments(deps, created);
        throw error;
      }
    } finally {
      await Promise.all(uploads.map((file) => deps.storage.removeTempFile(file.tempPath)));
    }
  });

  return router;
}
