import { z } from "zod";
import { errorResponseSchema } from "@ocrflow/shared/validators";
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from "zod-openapi";

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request",
  401: "Missing or unknown credentials",
  403: "A signed-in browser sent no valid X-CSRF-Token with a change",
  404: "No such resource (or another user's)",
  409: "The resource's state does not allow this",
  413: "File too large",
  415: "Unsupported content",
  422: "An option has an invalid value, or the file has too many pages or pixels, is cut short, or needs a password",
  429: "Rate limited; see Retry-After",
  410: "Gone: the document's file was lost; upload it again",
  503: "A dependency (Redis, database, file storage) is down",
  507: "Not enough storage space for the upload; try again later",
};

/** A JSON response with the given schema. */
export function jsonResponse(description: string, schema: z.ZodType, headers?: z.ZodObject): ZodOpenApiResponseObject {
  return { description, content: { "application/json": { schema } }, ...(headers ? { headers } : {}) };
}

/** The error responses an operation can give, each in API.md's error format. */
export function errorResponses(...statuses: number[]): ZodOpenApiResponsesObject {
  return Object.fromEntries(
    statuses.map((status) => [String(status), jsonResponse(ERROR_DESCRIPTIONS[status] ?? "Error", errorResponseSchema)]),
  );
}

/** A file part of a multipart form. */
export const uploadFileSchema = z.string().meta({ override: { type: "string", format: "binary" } });

export const locationHeader = z.object({ Location: z.string().meta({ description: "URL of the created job" }) });

/** Every /api/v1 operation accepts either form of the API key, or the web app's session cookie. */
export const API_KEY_SECURITY: Record<string, string[]>[] = [{ bearerKey: [] }, { headerKey: [] }, { sessionCookie: [] }];
