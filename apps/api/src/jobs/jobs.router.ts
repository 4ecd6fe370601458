import { Router } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";
import { jobJson } from "@ocrflow/shared/job-json";
import { cancelJob, deleteJob, findOwnedDocument, findOwnedJob, listJobs, retryJob, retryJobs, submitJobs } from "@ocrflow/shared/jobs";
import { errorFields } from "@ocrflow/shared/logger";
import {
  idParamsSchema,
  jobListQuerySchema,
  resultFormatSchema,
  retryJobsBodySchema,
  submitJobBodySchema,
  submitUploadFieldsSchema,
} from "@ocrflow/shared/validators";
import type { AppDeps } from "../deps.ts";
import { ownerOf } from "../http/owner.ts";
import { singleUploadOf } from "../http/single-upload.ts";
import type { createUpload } from "../http/upload.ts";
import { answerSubmittedJob, sendAccepted } from "./answer-submitted-job.ts";
import { renderJobResult } from "./render-job-result.ts";
import { openEventStream } from "./sse-response.ts";
import { streamJobEvents } from "./stream-job-events.ts";
import { submitDepsOf } from "./submit-deps.ts";
import { submitUploads } from "./submit-uploads.ts";

export function jobsRouter(deps: AppDeps, upload: ReturnType<typeof createUpload>): Router {
  const router = Router();
  const submitDeps = submitDepsOf(deps);
  const cancelDeps = { ...deps, queuePrefix: deps.config.QUEUE_PREFIX };

  router.get("/", async (req, res) => {
    res.json(await listJobs(deps.db, ownerOf(req), jobListQuerySchema.parse(req.query)));
  });

  // JSON {documentId, ...options}, or multipart with `file` and option fields; Prefer: wait=N answers when the job is done.
  router.post("/", async (req, res, next) => {
    if (req.is("multipart/form-data")) return next();
    if (!req.is("application/json")) throw new OcrflowError("UNSUPPORTED_MEDIA_TYPE", "Send JSON or multipart/form-data");
    const { documentId, ...options } = submitJobBodySchema.parse(req.body);
    const owner = ownerOf(req);
    const document = await findOwnedDocument(deps.db, owner, documentId);
    const { jobs } = await submitJobs(submitDeps, owner, [document], options);
    await answerSubmittedJob(deps, req, res, jobs[0]!);
  });

  router.post("/", upload.single("file"), async (req, res) => {
    const fields = () => submitUploadFieldsSchema.parse(req.body);
    const { jobs } = await submitUploads(deps, ownerOf(req), [singleUploadOf(req)], fields);
    await answerSubmittedJob(deps, req, res, jobs[0]!);
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
    const rendered = await renderJobResult(deps, job, format);
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
    sendAccepted(res, await retryJob(deps, ownerOf(req), id));
  });

  router.delete("/:id", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    await deleteJob(deps, ownerOf(req), id);
    res.status(204).end();
  });

  return router;
}
