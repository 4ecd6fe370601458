import { z } from "zod";
import { JOB_STATUSES } from "../jobs/job-status.ts";
import { ERROR_CODES } from "../errors.ts";
import { PRIORITY_NAMES, SUPPORTED_MIME_TYPES } from "../constants.ts";
import { idSchema } from "./ids.ts";
import { OCR_MODES, RESOLUTIONS, TEXT_LAYERS } from "./job-options.ts";
import { CATEGORIES } from "../understand/categories.ts";
import { IDENTIFIER_TYPES } from "../understand/identifier-types.ts";

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
    category: z.enum(CATEGORIES).nullable().meta({ description: "the category its owner gave it (PATCH); null until they do" }),
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
  .meta({ id: "Word", description: "bbox: pixels of the upright page (see ResultPage.rotation), origin top-left" });

export const resultPageSchema = z
  .object({
    page: z.number().int().min(1),
    text: z.string(),
    confidence: z.number(),
    width: count,
    height: count,
    rotation: z.literal([0, 90, 180, 270]).meta({
      description:
        "degrees the page was turned clockwise to stand upright before it was read; width, height and the word boxes are of the upright page",
    }),
    words: z.array(wordSchema),
    source: z.enum(["ocr", "embedded"]).meta({
      description: "ocr: the words were read by OCR; embedded: taken from the PDF's own text layer (textLayer option), confidence 100",
    }),
  })
  .strict()
  .meta({ id: "ResultPage" });

const boxSchema = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
/** Where a piece of metadata was read: page, the box around its words (null when the page kept no word boxes), the text as read. */
const foundFields = { page: z.number().int().min(1), box: boxSchema.nullable(), source: z.string() };
const amountSchema = z
  .object({ ...foundFields, value: z.number(), currency: z.string().nullable() })
  .strict()
  .meta({ id: "Amount" });
const senderSchema = z
  .object({ ...foundFields, name: z.string() })
  .strict()
  .meta({ id: "Sender" });

export const metadataSchema = z
  .object({
    language: z
      .object({
        code: z.string().meta({ description: "ISO 639-3 (as tesseract's language codes), und when the text is too short to tell" }),
        confidence: z.number().min(0).max(1),
        candidates: z.array(z.object({ code: z.string(), score: z.number() })),
      })
      .strict(),
    dateOrder: z.enum(["day-first", "month-first"]).meta({ description: "how numeric dates such as 03/04/2026 were read" }),
    documentDate: z.iso.date().nullable().meta({ description: "the date of the document (issue date, letter's date)" }),
    dates: z.array(z.object({ ...foundFields, date: z.iso.date(), documentDate: z.boolean() }).strict()),
    currency: z.string().nullable().meta({ description: "the currency most amounts are in (ISO 4217)" }),
    amounts: z.array(amountSchema),
    total: amountSchema.nullable().meta({ description: "the amount the document states as its total or amount due" }),
    vendor: senderSchema.nullable().meta({ description: "the header's name on invoices and receipts" }),
    sender: senderSchema.nullable().meta({ description: "the name the header gives, whatever the category" }),
    identifiers: z.array(
      z
        .object({
          type: z.enum(IDENTIFIER_TYPES),
          value: z.string(),
          valid: z.boolean().nullable().meta({ description: "its checksum holds; null for types without one" }),
          masked: z.boolean().meta({ description: "cards, Aadhaar and MRZ are masked unless the job set revealIdentifiers" }),
          page: z.number().int().min(1),
          box: boxSchema.nullable(),
        })
        .strict()
        .meta({ id: "Identifier" }),
    ),
    category: z
      .object({
        category: z.enum(CATEGORIES),
        confidence: z.number().min(0).max(1),
        signals: z.array(z.string()).meta({ description: "what decided it" }),
        source: z.enum(["auto", "owner"]).meta({ description: "owner: set by the owner with PATCH /api/v1/documents/:id" }),
      })
      .strict(),
  })
  .strict()
  .meta({ id: "Metadata" });

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
    metadata: metadataSchema
      .nullable()
      .meta({ description: "what was understood of the document; null for results stored before ocrflow kept it" }),
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

/** The web app's session, as POST and GET /api/v1/session answer it. */
export const sessionSchema = z
  .object({
    user: z.object({ id: idSchema, name: z.string() }),
    expiresAt: timestamp,
    csrfToken: z.string().meta({ description: "send it as X-CSRF-Token with every request that changes anything" }),
    adminBoard: z.string().nullable().meta({ description: "Bull Board's path when it is on (it asks for the admin credentials)" }),
  })
  .strict()
  .meta({ id: "Session" });

const choiceSchema = z.object({ values: z.array(z.string()), default: z.string().nullable() });

/** GET /api/v1/capabilities: what this installation accepts, for clients that adapt to it. */
export const capabilitiesSchema = z
  .object({
    resultFormats: z.array(z.string()).meta({ description: "the values `format` of GET /api/v1/jobs/:id/result takes" }),
    languages: z.object({ installed: z.array(z.string()), default: z.array(z.string()) }),
    priorities: choiceSchema,
    options: z.record(z.string(), choiceSchema).meta({ description: "job options taking one of a fixed list of values, by name" }),
    upload: z.object({ maxFileSizeMb: z.number().positive(), maxBatchFiles: z.number().int().min(1), mimeTypes: z.array(z.string()) }),
    webhooks: z.boolean().meta({ description: "whether a job may name a webhookUrl (WEBHOOK_SECRET is set)" }),
  })
  .strict()
  .meta({ id: "Capabilities" });

/** GET /api/v1/jobs/:id/pages/:page: one page, how many the document has (null until a worker has read it), and its image. */
export const jobPageResponseSchema = z
  .object({
    page: resultPageSchema,
    pageCount: z.number().int().min(1).nullable(),
    image: z
      .string()
      .nullable()
      .meta({ description: "URL of the page as read (WebP, the page's aspect, longest side at most 1600 px); null when none was kept" }),
  })
  .strict()
  .meta({ id: "JobPageResponse" });

/** The response bodies as TypeScript types, for clients (the web app imports these types only, never zod). */
export type ApiDocument = z.infer<typeof documentSchema>;
export type ApiJob = z.infer<typeof jobSchema>;
export type ApiBatch = z.infer<typeof batchSchema>;
export type ApiWord = z.infer<typeof wordSchema>;
export type ApiResultPage = z.infer<typeof resultPageSchema>;
export type ApiMetadata = z.infer<typeof metadataSchema>;
export type ApiJobPage = z.infer<typeof jobPageResponseSchema>;
export type ApiSession = z.infer<typeof sessionSchema>;
export type ApiCapabilities = z.infer<typeof capabilitiesSchema>;
export type ApiErrorBody = z.infer<typeof errorResponseSchema>;
