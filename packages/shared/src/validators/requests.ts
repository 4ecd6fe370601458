import { z } from "zod";
import { JOB_STATUSES } from "../jobs/job-status.ts";
import { BATCH_MAX_ITEMS, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, RETRY_MAX_IDS } from "../constants.ts";
import { CATEGORIES } from "../understand/categories.ts";
import { idSchema } from "./ids.ts";
import { jobOptionsSchema } from "./job-options.ts";

/** JSON body of POST /api/v1/jobs. */
export const submitJobBodySchema = jobOptionsSchema.extend({ documentId: idSchema }).strict();

/** Multipart fields of POST /api/v1/jobs (upload and submit in one request). */
export const submitUploadFieldsSchema = jobOptionsSchema.strict();

/** JSON body of POST /api/v1/jobs/batch: 1 to BATCH_MAX_ITEMS documents. */
export const submitBatchBodySchema = jobOptionsSchema
  .extend({
    documentIds: z
      .array(idSchema)
      .min(1, "must list at least one document")
      .max(BATCH_MAX_ITEMS, `must list at most ${BATCH_MAX_ITEMS} documents`),
  })
  .strict();

/** Multipart fields of POST /api/v1/jobs/batch; the files come as repeated `files`. */
export const submitBatchUploadFieldsSchema = jobOptionsSchema.strict();

/** JSON body of PATCH /api/v1/documents/:id: the owner files the document under a category. */
export const updateDocumentBodySchema = z.object({ category: z.enum(CATEGORIES) }).strict();

/** JSON body of POST /api/v1/jobs/retry: the jobs listed, or the caller's failed jobs (of one batch). */
export const retryJobsBodySchema = z.union([
  z
    .object({
      jobIds: z.array(idSchema).min(1, "must list at least one job").max(RETRY_MAX_IDS, `must list at most ${RETRY_MAX_IDS} jobs`),
    })
    .strict(),
  z.object({ status: z.literal("failed"), batchId: idSchema.optional() }).strict(),
]);
export type RetryJobsBody = z.infer<typeof retryJobsBodySchema>;

export const RESULT_FORMATS = ["json", "text", "markdown", "hocr", "pdf", "alto"] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** Query of GET /api/v1/jobs/:id/result; unknown keys are refused, as on every route. */
export const resultFormatSchema = z
  .object({
    format: z.enum(RESULT_FORMATS).default("json"),
  })
  .strict();

/** `page` and `pageSize` of every list route (query strings, so coerced). */
export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
});

export const DOCUMENT_SORT_FIELDS = ["createdAt", "filename", "sizeBytes"] as const;

/** `sort=field:asc|desc`, e.g. `createdAt:desc` (the default). */
export const documentSortSchema = z
  .string()
  .regex(
    new RegExp(`^(${DOCUMENT_SORT_FIELDS.join("|")}):(asc|desc)$`),
    `must be one of ${DOCUMENT_SORT_FIELDS.join(", ")} followed by :asc or :desc`,
  )
  .default("createdAt:desc")
  .transform((value) => {
    const [field, direction] = value.split(":") as [(typeof DOCUMENT_SORT_FIELDS)[number], "asc" | "desc"];
    return { field, direction };
  });

/** `ids=a,b,c`: only these documents (at most a page of them), e.g. to name the documents of a page of jobs. */
const documentIdsSchema = z
  .string()
  .transform((value) => [...new Set(value.split(",").filter(Boolean))])
  .pipe(z.array(idSchema).min(1, "must list at least one id").max(PAGE_SIZE_MAX, `must list at most ${PAGE_SIZE_MAX} ids`));

/** Query of GET /api/v1/documents. */
export const documentListQuerySchema = paginationQuerySchema
  .extend({ sort: documentSortSchema, ids: documentIdsSchema.optional() })
  .strict();

/** Query of GET /api/v1/jobs. */
export const jobListQuerySchema = paginationQuerySchema
  .extend({
    status: z.enum(JOB_STATUSES).optional(),
    batchId: idSchema.optional(),
  })
  .strict();
export type JobListQuery = z.infer<typeof jobListQuerySchema>;

/** JSON body of POST /api/v1/session: the web app's sign-in. */
export const signInBodySchema = z.object({ apiKey: z.string().trim().min(1, "is required").max(200) }).strict();

/** Path of GET /api/v1/jobs/:id/pages/:page (pages count from 1). */
export const pageParamsSchema = z.object({ id: idSchema, page: z.coerce.number().int().min(1).max(100_000) });
