import { Router, type Request } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";
import { assertLanguagesUsable } from "@ocrflow/shared/languages";
import { idParamsSchema, resultFormatSchema, submitJobBodySchema, submitUploadFieldsSchema } from "@ocrflow/shared/validators";
import type { AppDeps } from "../deps.ts";
import { discardDocument, type StoredDocument, storeDocument } from "../documents/store-document.ts";
import { ownerOf } from "../http/owner.ts";
import { singleUploadOf } from "../http/single-upload.ts";
import type { createUpload } from "../http/upload.ts";
import { jobResultJson } from "./job-result-json.ts";
import { jobJson } from "./job-json.ts";
import { submitJob } from "./submit-job.ts";

export function jobsRouter(deps: AppDeps, upload: ReturnType<typeof createUpload>): Router {
  const router = Router();
  const submitDeps = { ...deps, maxAttempts: deps.config.JOB_MAX_ATTEMPTS };

  const findOwnedJob = async (req: Request) => {
    const { id } = idParamsSchema.parse(req.params);
    const job = await deps.db.job.findFirst({ where: { id, ownerId: ownerOf(req) } });
    if (!job) throw new OcrflowError("NOT_FOUND", "No such job");
    return job;
  };

  // JSON {documentId, ...options}, or multipart with `file` and option fields.
  router.post("/", async (req, res, next) => {
    if (req.is("multipart/form-data")) return next();
    if (!req.is("application/json")) throw new OcrflowError("UNSUPPORTED_MEDIA_TYPE", "Send JSON or multipart/form-data");
    const { documentId, ...options } = submitJobBodySchema.parse(req.body);
    const job = await submitJob(submitDeps, ownerOf(req), documentId, options);
    res
      .status(202)
      .location(`/api/v1/jobs/${job.id}`)
      .json({ job: jobJson(job) });
  });

  router.post("/", upload.single("file"), async (req, res) => {
    const upload = singleUploadOf(req);
    const owner = ownerOf(req);
    let stored: StoredDocument | undefined;
    try {
      const options = submitUploadFieldsSchema.parse(req.body);
      // Checked before the file is stored, so a refused language leaves nothing behind.
      assertLanguagesUsable(deps.languages, options.languages);
      stored = await storeDocument(deps, owner, upload);
      const job = await submitJob(submitDeps, owner, stored.document.id, options);
      res
        .status(202)
        .location(`/api/v1/jobs/${job.id}`)
        .json({ job: jobJson(job) });
    } catch (error) {
      // The request failed as a whole: drop what it created, keep what existed.
      if (stored && !stored.duplicate) await discardDocument(deps, stored.document);
      else if (!stored) await deps.storage.removeTempFile(upload.tempPath);
      throw error;
    }
  });

  router.get("/:id", async (req, res) => {
    res.json({ job: jobJson(await findOwnedJob(req)) });
  });

  router.get("/:id/result", async (req, res) => {
    const job = await findOwnedJob(req);
    const { format } = resultFormatSchema.parse(req.query);
    if (job.status !== "completed") throw new OcrflowError("CONFLICT", `The job is ${job.status}; its result exists once it is completed`);
    const result = await deps.db.result.findUnique({ where: { jobId: job.id } });
    if (!result) throw new OcrflowError("NOT_FOUND", "No result stored for this job");
    if (format === "text") {
      res.type("text/plain; charset=utf-8").send(result.text);
      return;
    }
    const pages = await deps.db.jobPage.findMany({ where: { jobId: job.id }, orderBy: { page: "asc" } });
    res.json(jobResultJson(job, result, pages));
  });

  return router;
}
