import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { AZURE_PATH_PREFIXES } from "../azure-compat/azure-compat.router.ts";
import { STRING_INDEX_TYPES } from "../azure-compat/text-offsets.ts";
import { jsonResponse } from "./openapi-helpers.ts";

const span = z.object({ offset: z.number().int(), length: z.number().int() });
const polygon = z.array(z.number()).length(8).meta({ description: "x,y of the four corners, clockwise from the top-left" });

const azureError = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      innererror: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  })
  .meta({ id: "AzureError" });

const analyzeResult = z
  .object({
    apiVersion: z.string(),
    modelId: z.literal("prebuilt-read"),
    stringIndexType: z.enum(STRING_INDEX_TYPES),
    content: z.string(),
    contentFormat: z.literal("text"),
    pages: z.array(
      z.object({
        pageNumber: z.number().int(),
        angle: z.number(),
        width: z.number(),
        height: z.number(),
        unit: z.enum(["pixel", "inch"]),
        words: z.array(z.object({ content: z.string(), polygon, confidence: z.number(), span })),
        lines: z.array(z.object({ content: z.string(), polygon, spans: z.array(span) })),
        spans: z.array(span),
      }),
    ),
    paragraphs: z.array(
      z.object({
        content: z.string(),
        boundingRegions: z.array(z.object({ pageNumber: z.number().int(), polygon })),
        spans: z.array(span),
      }),
    ),
    styles: z.array(z.never()),
    languages: z.array(z.object({ locale: z.string(), spans: z.array(span), confidence: z.number() })),
  })
  .meta({ id: "AzureAnalyzeResult" });

/** GET .../analyzeResults/{resultId}: also checked against real answers in tests/integration/azure-compat.test.ts. */
export const analyzeOperationSchema = z.object({
  status: z.enum(["notStarted", "running", "succeeded", "failed", "canceled"]),
  createdDateTime: z.iso.datetime(),
  lastUpdatedDateTime: z.iso.datetime(),
  analyzeResult: analyzeResult.optional(),
  error: azureError.shape.error.optional(),
});

const modelParams = z.object({ modelId: z.literal("prebuilt-read") });
const apiVersion = z.string().meta({ description: "Any Azure API version, e.g. 2024-11-30 or 2023-07-31", example: "2024-11-30" });
const stringIndexType = z.enum(STRING_INDEX_TYPES).optional();

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), jsonResponse("Error, in Azure's error shape", azureError)]));

const security = [{ azureKey: [] }];

const analyze: ZodOpenApiOperationObject = {
  tags: ["azure"],
  summary: "Analyze a document with the read model (Azure Document Intelligence compatible)",
  description:
    "The document as the body (any type ocrflow reads; its type is told from its bytes) or JSON `{base64Source}`; " +
    "`urlSource` is refused. Queues an ordinary ocrflow job (normal priority) of the key's owner; its id is the result id.",
  security,
  requestParams: {
    path: modelParams,
    query: z.object({
      "api-version": apiVersion,
      stringIndexType,
      output: z.string().optional().meta({ description: "pdf and/or figures, comma-separated; accepted, see API.md" }),
      outputContentFormat: z.literal("text").optional(),
    }),
  },
  requestBody: {
    content: {
      "application/octet-stream": { schema: z.string().meta({ override: { type: "string", format: "binary" } }) },
      "application/json": { schema: z.object({ base64Source: z.string(), urlSource: z.never().optional() }) },
    },
  },
  responses: {
    "202": {
      description: "Accepted: poll Operation-Location",
      headers: z.object({ "Operation-Location": z.string(), "apim-request-id": z.string() }),
    },
    ...errors(400, 401, 404, 413, 415, 429, 503),
  },
};

const analyzeResults: ZodOpenApiOperationObject = {
  tags: ["azure"],
  summary: "The analyze operation's status and, once succeeded, its result (Azure Document Intelligence compatible)",
  security,
  requestParams: {
    path: modelParams.extend({ resultId: z.uuid() }),
    query: z.object({ "api-version": apiVersion, stringIndexType }),
  },
  responses: {
    "200": jsonResponse("The operation; Retry-After while notStarted or running", analyzeOperationSchema),
    ...errors(400, 401, 404, 429),
  },
};

const analyzeResultPdf: ZodOpenApiOperationObject = {
  tags: ["azure"],
  summary: "The searchable PDF of a succeeded analyze operation (Azure's output=pdf; paperless-ngx's archived version)",
  security,
  requestParams: {
    path: modelParams.extend({ resultId: z.uuid() }),
    query: z.object({ "api-version": apiVersion }),
  },
  responses: {
    "200": {
      description: "The original pages with an invisible text layer; X-Ocrflow-Pdf-Signature: not-carried-over when the input was signed",
      content: { "application/pdf": { schema: z.string().meta({ override: { type: "string", format: "binary" } }) } },
    },
    ...errors(400, 401, 404, 429),
  },
};

/** The Azure-compatible routes, under both prefixes its SDKs use. */
export const azurePaths: ZodOpenApiPathsObject = Object.fromEntries(
  AZURE_PATH_PREFIXES.flatMap((prefix) => [
    [`${prefix}/documentModels/{modelId}:analyze`, { post: analyze }],
    [`${prefix}/documentModels/{modelId}/analyzeResults/{resultId}`, { get: analyzeResults }],
    [`${prefix}/documentModels/{modelId}/analyzeResults/{resultId}/pdf`, { get: analyzeResultPdf }],
  ]),
);
