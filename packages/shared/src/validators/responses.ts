import { z } from "zod";
import { JOB_STATUSES } from "../jobs/job-status.ts";
import { ERROR_CODES } from "../errors.ts";
import { PRIORITY_NAMES, SUPPORTED_MIME_TYPES } from "../constants.ts";
import { idSchema } from "./ids.ts";
import { OCR_MODES, RESOLUTIONS, TEXT_LAYERS } from "./job-options.ts";

// The API's response bodies, as API.md gives them. They document the API
// (/openapi.json) and tests parse real responses with them, so a field added
// or renamed in a JSON builder fails a test until it is added here too.

const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);

export const documentSchema = z
  .object({
    id: idSchema,
    filename: z.string(),
    mimeType: z.enum(SUPPORTED_MIME_TYPES),
    sizeBytes: count,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    pageCount: z.number().int().min(1).nullable().meta({ description: "null until a worker has read the file" }),
    createdAt: timestamp,
  })
  .strict()
  .meta({ id: "Document" });

export const jobErrorSchema = z.object({ code: z.string(), message: z.string() }).strict().meta({ id: "JobError" });

export const jobSchema = z
  .object({
    id: idSchema,
    documentId: idSchema,
    batchId: idSchema.nullable(),
    status: z.enum(JOB_STATUSES),
    progress: z.number().int().min(0).max(100),
    priority: z.enum(PRIORITY_NAMES),
    languages: z.array(z.string()).min(1),
    mode: z.enum(OCR_MODES),
    resolution: z.enum(RESOLUTIONS),
    textLayer: z.enum(TEXT_LAYERS),
    revealIdentifiers: z.boolean(),
    attempts: count,
    maxAttempts: z.number().int().min(1),
    cached: z.boolean().meta({ description: "true when answered from the result cache" }),
    error: jobErrorSchema.nullable(),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
  })
  .strict()
  .meta({ id: "Job" });

/** The batch as POST /api/v1/jobs/batch answers it. */
export const batchCreatedSchema = z
  .object({ id: idSchema, jobIds: z.array(idSchema), total: count })
  .strict()
  .meta({ id: "BatchCreated" });

/** The batch as GET /api/v1/batches/:id answers it. */
export const batchSchema = z
  .object({
    id: idSchema,
    total: count,
    counts: z.partialRecord(z.enum(JOB_STATUSES), count),
    progress: z.number().min(0).max(100),
  })
  .meta({ id: "Batch" });

export const wordSchema = z
  .object({
    text: z.string(),
    confidence: z.number(),
    bbox: z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }),
    block: z.number().int().min(1).optional().meta({ description: "the text block the word is in, numbered from 1 across the page" }),
    paragraph: z.number().int().min(1).optional().meta({ description: "its paragraph, numbered from 1 across the page" }),
    line: z.number().int().min(1).optional().meta({ description: "its line, numbered from 1 across the page" }),
  })
  .meta({ id: "Word" });

export const resultPageSchema = z
  .object({
    page: z.number().int().min(1),
    text: z.string(),
    confidence: z.number(),
    width: count,
    height: count,
    words: z.array(wordSchema),
  })
  .strict()
  .meta({ id: "ResultPage" });

export const resultSchema = z
  .object({
    jobId: idSchema,
    documentId: idSchema,
    text: z.string(),
    confidence: z.number().min(0).max(100).meta({ description: "mean word confidence, 0-100" }),
    languages: z.array(z.string()),
    pageCount: count,
    processingMs: count,
    engine: z.string().nullable().meta({
      description:
        "the OCR engine and model that read it: family@version/model folder/language:hash of its traineddata file, e.g. tesseract.js@7.0.0/4.0.0_best_int/eng:45b4cb346724ac17 or tesseract.js@7.0.0/tessdata/eng:... for TESSDATA_DIR; null for results stored before ocrflow recorded it",
    }),
    cached: z.boolean(),
    pages: z.array(resultPageSchema),
  })
  .strict()
  .meta({ id: "Result" });

/** A job that POST /api/v1/jobs/retry left as it was, and why (the code a single retry would answer). */
export const retrySkipSchema = z
  .object({ id: idSchema, code: z.enum(ERROR_CODES), reason: z.string() })
  .strict()
  .meta({ id: "RetrySkip" });

/** The answer of POST /api/v1/jobs/retry. */
export const jobsRetriedSchema = z
  .object({
    jobs: z.array(jobSchema).meta({ description: "The jobs queued again" }),
    skipped: z.array(retrySkipSchema),
    more: z.boolean().meta({ description: "true when more failed jobs match than one call takes: call again" }),
  })
  .strict()
  .meta({ id: "JobsRetried" });

export const errorResponseSchema = z
  .object({
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.unknown().optional() }),
    requestId: z.string(),
  })
  .meta({ id: "Error" });

/** A page of a list route. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ items: z.array(item), page: z.number().int().min(1), pageSize: z.number().int().min(1), total: count }).meta({ id });
}

export const documentPageSchema = pageOf(documentSchema, "DocumentPage");
export const jobPageSchema = pageOf(jobSchema, "JobPage");
