import { z } from "zod";
import {
  documentListQuerySchema,
  documentPageSchema,
  documentSchema,
  idParamsSchema,
  updateDocumentBodySchema,
} from "@ocrflow/shared/validators";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { API_KEY_SECURITY, errorResponses, jsonResponse, uploadFileSchema } from "./openapi-helpers.ts";

const documentBody = z.object({ document: documentSchema });

export const documentPaths: ZodOpenApiPathsObject = {
  "/api/v1/documents": {
    post: {
      tags: ["documents"],
      summary: "Upload a document (image or PDF; type checked from its content)",
      security: API_KEY_SECURITY,
      requestBody: { content: { "multipart/form-data": { schema: z.object({ file: uploadFileSchema }) } } },
      responses: {
        "201": jsonResponse("Stored", documentBody),
        "200": jsonResponse("The same content was already uploaded by this user", documentBody.extend({ duplicate: z.literal(true) })),
        ...errorResponses(400, 401, 413, 415, 422, 429, 503, 507),
      },
    },
    get: {
      tags: ["documents"],
      summary: "List the user's documents",
      security: API_KEY_SECURITY,
      requestParams: { query: documentListQuerySchema },
      responses: { "200": jsonResponse("A page of documents", documentPageSchema), ...errorResponses(400, 401, 429) },
    },
  },
  "/api/v1/documents/{id}": {
    get: {
      tags: ["documents"],
      summary: "Get a document",
      security: API_KEY_SECURITY,
      requestParams: { path: idParamsSchema },
      responses: { "200": jsonResponse("The document", documentBody), ...errorResponses(400, 401, 404, 429) },
    },
    patch: {
      tags: ["documents"],
      summary: "File the document under a category: it overrides the worker's, and teaches the owner's classifier",
      security: API_KEY_SECURITY,
      requestParams: { path: idParamsSchema },
      requestBody: { content: { "application/json": { schema: updateDocumentBodySchema } } },
      responses: { "200": jsonResponse("The document", documentBody), ...errorResponses(400, 401, 404, 422, 429) },
    },
    delete: {
      tags: ["documents"],
      summary: "Delete a document (refused while a job on it is queued or processing)",
      security: API_KEY_SECURITY,
      requestParams: { path: idParamsSchema },
      responses: { "204": { description: "Deleted" }, ...errorResponses(400, 401, 404, 409, 429) },
    },
  },
  "/api/v1/documents/{id}/content": {
    get: {
      tags: ["documents"],
      summary: "Download the original bytes, with the document's content type",
      security: API_KEY_SECURITY,
      requestParams: { path: idParamsSchema },
      responses: {
        "200": { description: "The original file", content: { "*/*": { schema: uploadFileSchema } } },
        ...errorResponses(400, 401, 404, 410, 429),
      },
    },
  },
};
