import { type Response, Router } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";
import { jobJson } from "@ocrflow/shared/job-json";
import { findOwnedBatchProgress, findOwnedDocuments, type SubmittedJobs, submitJobs } from "@ocrflow/shared/jobs";
import { idParamsSchema, submitBatchBodySchema, submitBatchUploadFieldsSchema } from "@ocrflow/shared/validators";
import type { AppDeps } from "../deps.ts";
import { ownerOf } from "../http/owner.ts";
import { MAX_BATCH_FILES, type createUpload } from "../http/upload.ts";
import { submitDepsOf } from "../jobs/submit-deps.ts";
import { submitUploads } from "../jobs/submit-uploads.ts";
import { batchUploadsOf } from "./batch-uploads.ts";

/** 202 with the batch, its jobs, and where to follow the batch. */
function sendBatch(res: Response, { batch, jobs }: SubmittedJobs): void {
  res
    .status(202)
    .location(`/api/v1/batches/${batch!.id}`)
    .json({ batch, jobs: jobs.map(jobJson) });
}

/** POST /jobs/batch (JSON {documentIds, ...options}, or multipart with repeated `files`) and GET /batches/:id. */
export function batchesRouter(deps: AppDeps, upload: ReturnType<typeof createUpload>): Router {
  const router = Router();
  const submitDeps = submitDepsOf(deps);

  router.post("/jobs/batch", async (req, res, next) => {
    if (req.is("multipart/form-data")) return next();
    if (!req.is("application/json")) throw new OcrflowError("UNSUPPORTED_MEDIA_TYPE", "Send JSON or multipart/form-data");
    const { documentIds, ...options } = submitBatchBodySchema.parse(req.body);
    const owner = ownerOf(req);
    const documents = await findOwnedDocuments(deps.db, owner, documentIds);
    sendBatch(res, await submitJobs(submitDeps, owner, documents, { ...options, batch: true }));
  });

  router.post("/jobs/batch", upload.array("files", MAX_BATCH_FILES), async (req, res) => {
    const fields = () => submitBatchUploadFieldsSchema.parse(req.body);
    sendBatch(res, await submitUploads(deps, ownerOf(req), batchUploadsOf(req), fields, true));
  });

  router.get("/batches/:id", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    res.json({ batch: await findOwnedBatchProgress(deps.db, ownerOf(req), id) });
  });

  return router;
}
