import { type Response, Router } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { Job } from "@ocrflow/shared/db";
import { errorFields } from "@ocrflow/shared/logger";
import { assertLanguagesUsable } from "@ocrflow/shared/languages";
import {
  idParamsSchema,
  jobListQuerySchema,
  resultFormatSchema,
  retryJobsBodySchema,
  submitJobBodySchema,
  submitUploadFieldsSchema,
} from "@ocrflow/shared/validators";
import { submitBatchRouter } from "../batches/submit-batch.router.ts";
import type { AppDeps } from "../deps.ts";
import { discardDocument, type StoredDocument, storeDocument } from "../documents/store-document.ts";
import { ownerOf } from "../http/owner.ts";
import { singleUploadOf } from "../http/single-upload.ts";
import type { createUpload } from "../http/upload.ts";
import { cancelJob } from "./cancel-job.ts";
import { deleteJob } from "./delete-job.ts";
import { findOwnedJob } from "./find-owned-job.ts";
import { jobJson } from "./job-json.ts";
import { listJobs } from "./list-jobs.ts";
import { renderJobResult } from "./render-job-result.ts";
import { retryJob } from "./retry-job.ts";
import { retryJobs } from "./retry-jobs.ts";
import { openEventStream } from "./sse-response.ts";
import { streamJobEvents } from "./stream-job-events.ts";
import { submitJob } from "./submit-job.ts";

/** 202 with the job and where to follow it: every route that queues a job answers so. */
function sendAccepted(res: Response, job: Job): void {
  res
    .status(202)
    .location(`/api/v1/jobs/${job.id}`)
    .json({ job: jobJson(job) });
}

export function jobsRouter(deps: AppDeps, upload: ReturnType<typeof createUpload>): Router {
  const router = Router();
  const submitDeps = { ...deps, maxAttempts: deps.config.JOB_MAX_ATTEMPTS };
  const cancelDeps = { ...deps, queuePrefix: deps.config.QUEUE_PREFIX };

  router.use("/batch", submitBatchRouter(deps, upload));

  router.get("/", async (req, res) => {
    res.json(await listJobs(deps.db, ownerOf(req), jobListQuerySchema.parse(req.query)));
  });

  // JSON {documentId, ...options}, or multipart with `file` and option fields.
  router.post("/", async (req, res, next) => {
    if (req.is("multipart/form-data")) return next();
    if (!req.is("application/json")) throw new OcrflowError("UNSUPPORTED_MEDIA_TYPE", "Send JSON or multipart/form-data");
    const { documentId, ...options } = submitJobBodySchema.parse(req.body);
    const job = await submitJob(submitDeps, ownerOf(req), documentId, options);
    sendAccepted(res, job);
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
      sendAccepted(res, job);
    } catch (error) {
      // The request failed as a whole: drop what it created, keep what existed.
      if (stored && !stored.duplicate) await discardDocument(deps, stored.document);
      else if (!stored) await deps.storage.removeTempFile(upload.tempPath);
      throw error;
    }
  });

  // Dead-letter replay: {"jobIds": [...]} or {"status": "failed", "batchId"?}.
  router.post("/retry", async (req, res) => {
    const retried = await retryJobs(deps, ownerOf(req), retryJobsBodySchema.parse(req.body));
    res.status(202).json({ ...retried, jobs: retried.jobs.map(jobJson) });
  });

  router.get("/:id", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    res.json({ job: jobJson(await findOwnedJob(deps.db, ownerOf(req), id)) });
  });

  router.get("/:id/result", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    const job = await findOwnedJob(deps.db, ownerOf(req), id);
    const { format } = resultFormatSchema.parse(req.query);
    const rendered = await renderJobResult(deps.db, job, format);
    res.set({ ...rendered.headers, "X-Content-Type-Options": "nosniff" });
    if (format === "json") res.json(rendered.body);
    else res.type(rendered.contentType).send(rendered.body);
  });

  router.get("/:id/events", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    const job = await findOwnedJob(deps.db, ownerOf(req), id);
    const closed = new AbortController();
    res.on("close", () => closed.abort());
    const sink = openEventStream(res);
    try {
      await streamJobEvents(deps.db, job.id, sink, closed.signal);
    } catch (error) {
      // Headers are sent: the stream just ends, and the client may reconnect.
      deps.logger.warn("job event stream failed", { jobId: job.id, requestId: req.id, ...errorFields(error) });
    }
    res.end();
  });

  router.post("/:id/cancel", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    res.json({ job: jobJson(await cancelJob(cancelDeps, ownerOf(req), id)) });
  });

  router.post("/:id/retry", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    const job = await retryJob(deps, ownerOf(req), id);
    sendAccepted(res, job);
  });

  router.delete("/:id", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    await deleteJob(deps, ownerOf(req), id);
    res.status(204).end();
  });

  return router;
}
