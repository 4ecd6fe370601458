import { z } from "zod";
import {
  batchCreatedSchema,
  batchSchema,
  idParamsSchema,
  jobListQuerySchema,
  jobPageSchema,
  jobsRetriedSchema,
  jobSchema,
  resultFormatSchema,
  resultSchema,
  retryJobsBodySchema,
  submitBatchBodySchema,
  submitBatchUploadFieldsSchema,
  submitJobBodySchema,
  submitUploadFieldsSchema,
} from "@ocrflow/shared/validators";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { API_KEY_SECURITY, errorResponses, jsonResponse, locationHeader, uploadFileSchema } from "./openapi-helpers.ts";

const jobBody = z.object({ job: jobSchema });
const preferHeader = z.object({
  prefer: z
    .string()
    .optional()
    .meta({ description: "RFC 7240 preferences; `wait=N` (seconds, at most 60) waits for the job", example: "wait=30" }),
});
const text = z.string();

/** An operation on one of the user's jobs. */
function onJob(summary: string, responses: ZodOpenApiOperationObject["responses"]): ZodOpenApiOperationObject {
  return { tags: ["jobs"], summary, security: API_KEY_SECURITY, requestParams: { path: idParamsSchema }, responses };
}

export const jobPaths: ZodOpenApiPathsObject = {
  "/api/v1/jobs": {
    post: {
      tags: ["jobs"],
      summary: "Submit an OCR job for an uploaded document, or upload and submit in one request",
      description:
        "With `Prefer: wait=N` (RFC 7240; N whole seconds, at most 60, a longer wait is cut to 60) the answer waits " +
        "for the job: 200 with the finished job and, when it completed, its result (as GET /jobs/{id}/result gives " +
        "it; null when it failed or was cancelled) and `Preference-Applied: wait=N` if it finishes within N seconds, " +
        "else the usual 202 with the job as it is by then and `Preference-Applied: respond-async`. A malformed wait " +
        "is ignored (202 at once, no Preference-Applied). A client that disconnects while it waits leaves the job running.",
      security: API_KEY_SECURITY,
      requestParams: { header: preferHeader },
      requestBody: {
        content: {
          "application/json": { schema: submitJobBodySchema },
          "multipart/form-data": { schema: submitUploadFieldsSchema.extend({ file: uploadFileSchema }) },
        },
      },
      responses: {
        "200": jsonResponse(
          "Finished within the wait asked for (Prefer: wait=N)",
          z.object({ job: jobSchema, result: resultSchema.nullable() }),
          locationHeader.extend({ "Preference-Applied": z.string().meta({ description: "wait=N: the wait that was honoured" }) }),
        ),
        "202": jsonResponse(
          "Queued (or answered from the result cache), or not finished within the wait asked for",
          jobBody,
          locationHeader.extend({
            "Preference-Applied": z.string().optional().meta({ description: "respond-async when a wait was asked for and is over" }),
          }),
        ),
        ...errorResponses(400, 401, 404, 413, 415, 422, 429, 503, 507),
      },
    },
    get: {
      tags: ["jobs"],
      summary: "List the user's jobs",
      security: API_KEY_SECURITY,
      requestParams: { query: jobListQuerySchema },
      responses: { "200": jsonResponse("A page of jobs", jobPageSchema), ...errorResponses(400, 401, 429) },
    },
  },
  "/api/v1/jobs/batch": {
    post: {
      tags: ["jobs"],
      summary: "Submit 1 to 50 documents or files as one batch",
      security: API_KEY_SECURITY,
      requestBody: {
        content: {
          "application/json": { schema: submitBatchBodySchema },
          "multipart/form-data": { schema: submitBatchUploadFieldsSchema.extend({ files: z.array(uploadFileSchema).min(1).max(50) }) },
        },
      },
      responses: {
        "202": jsonResponse("Queued", z.object({ batch: batchCreatedSchema, jobs: z.array(jobSchema) })),
        ...errorResponses(400, 401, 404, 413, 415, 422, 429, 503, 507),
      },
    },
  },
  "/api/v1/jobs/retry": {
    post: {
      tags: ["jobs"],
      summary: "Retry many failed or cancelled jobs: the ids listed (1 to 100), or the user's failed jobs (of one batch)",
      description:
        "Each job goes through the single retry. Ids of other users, unknown ids and jobs that cannot be retried " +
        "are listed in `skipped` with the code a single retry would answer. `status: failed` takes at most 1000 jobs, " +
        "oldest failure first; `more` says whether to call again. If the queue fails midway, jobs already queued stay queued.",
      security: API_KEY_SECURITY,
      requestBody: { content: { "application/json": { schema: retryJobsBodySchema } } },
      responses: {
        "202": jsonResponse("Queued again (possibly none: see skipped)", jobsRetriedSchema),
        ...errorResponses(400, 401, 429, 503),
      },
    },
  },
  "/api/v1/batches/{id}": {
    get: {
      tags: ["jobs"],
      summary: "A batch's progress and its jobs' counts by status",
      security: API_KEY_SECURITY,
      requestParams: { path: idParamsSchema },
      responses: { "200": jsonResponse("The batch", z.object({ batch: batchSchema })), ...errorResponses(400, 401, 404, 429) },
    },
  },
  "/api/v1/jobs/{id}": {
    get: onJob("Get a job", { "200": jsonResponse("The job", jobBody), ...errorResponses(400, 401, 404, 429) }),
    delete: onJob("Delete a finished job", { "204": { description: "Deleted" }, ...errorResponses(400, 401, 404, 409, 429) }),
  },
  "/api/v1/jobs/{id}/events": {
    get: onJob("Stream the job's progress as Server-Sent Events", {
      "200": {
        description: "`progress` events, then one `completed`, `failed` or `cancelled` event; each carries the Job as data",
        content: { "text/event-stream": { schema: text } },
      },
      ...errorResponses(400, 401, 404, 429),
    }),
  },
  "/api/v1/jobs/{id}/result": {
    get: {
      ...onJob("The job's result", {
        "200": {
          description:
            "JSON (default), plain text, Markdown, hOCR, a searchable PDF or ALTO v4 XML, as `format` asks. The PDF is the original pages " +
            "with an invisible text layer on the OCRed words (pages that had their own text are left as they are); " +
            "made of a digitally signed PDF it is a new, unsigned file and carries the header `X-Ocrflow-Pdf-Signature: not-carried-over`",
          headers: z.object({
            "X-Ocrflow-Pdf-Signature": z
              .literal("not-carried-over")
              .optional()
              .meta({ description: "on a searchable PDF made of a digitally signed PDF: the signature is not in it" }),
          }),
          content: {
            "application/json": { schema: resultSchema },
            "text/plain": { schema: text },
            "text/markdown": { schema: text },
            "application/xhtml+xml": { schema: text },
            "application/pdf": { schema: uploadFileSchema },
            "application/xml": { schema: text },
          },
        },
        ...errorResponses(400, 401, 404, 409, 410, 415, 422, 429),
      }),
      requestParams: { path: idParamsSchema, query: resultFormatSchema },
    },
  },
  "/api/v1/jobs/{id}/cancel": {
    post: onJob("Cancel a queued or running job", {
      "200": jsonResponse("Cancelled", jobBody),
      ...errorResponses(400, 401, 404, 409, 429),
    }),
  },
  "/api/v1/jobs/{id}/retry": {
    post: onJob("Retry a failed or cancelled job", {
      "202": jsonResponse("Queued again", jobBody),
      ...errorResponses(400, 401, 404, 409, 429, 503),
    }),
  },
};
