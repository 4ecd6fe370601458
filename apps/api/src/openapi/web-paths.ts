import { z } from "zod";
import { capabilitiesSchema, jobPageResponseSchema, pageParamsSchema, sessionSchema, signInBodySchema } from "@ocrflow/shared/validators";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { API_KEY_SECURITY, errorResponses, jsonResponse } from "./openapi-helpers.ts";

const sessionBody = z.object({ session: sessionSchema });
const SESSION_SECURITY: Record<string, string[]>[] = [{ sessionCookie: [] }];

/** The routes the web app needs beyond the rest of the API: its sign-in, one event stream for all jobs, one page at a time. */
export const webPaths: ZodOpenApiPathsObject = {
  "/": {
    get: {
      tags: ["service"],
      summary: "The web app (also at /sign-in, /upload, /jobs, /jobs/{id}, /jobs/{id}/pages/{page}, /batches/{id}); no API key",
      security: [{}],
      responses: {
        "200": { description: "Its page", content: { "text/html": { schema: z.string() } } },
        "503": { description: "The web app is not built (pnpm build)", content: { "text/plain": { schema: z.string() } } },
      },
    },
  },
  "/api/v1/session": {
    post: {
      tags: ["session"],
      summary: "Sign a browser in: an API key for an HttpOnly, SameSite=Strict session cookie",
      description:
        "JSON only. The key is checked like any API key and never sent back; the answer's csrfToken must come with " +
        "every later request that changes anything (X-CSRF-Token). The session ends at expiresAt (extended while in use), " +
        "at sign-out, or when its key is revoked.",
      security: [{}],
      requestBody: { content: { "application/json": { schema: signInBodySchema } } },
      responses: {
        "201": jsonResponse("Signed in; Set-Cookie carries the session", sessionBody),
        ...errorResponses(400, 401, 415, 429),
      },
    },
    get: {
      tags: ["session"],
      summary: "The browser's current session (and its CSRF token)",
      security: SESSION_SECURITY,
      responses: { "200": jsonResponse("Signed in", sessionBody), ...errorResponses(401, 429) },
    },
    delete: {
      tags: ["session"],
      summary: "Sign out: the session is deleted and its cookie cleared (needs X-CSRF-Token)",
      security: SESSION_SECURITY,
      responses: { "204": { description: "Signed out" }, ...errorResponses(401, 403, 429) },
    },
  },
  "/api/v1/capabilities": {
    get: {
      tags: ["service"],
      summary: "Result formats, languages, option values and upload limits of this installation",
      security: API_KEY_SECURITY,
      responses: { "200": jsonResponse("What the service offers", capabilitiesSchema), ...errorResponses(401, 429) },
    },
  },
  "/api/v1/events": {
    get: {
      tags: ["jobs"],
      summary: "Stream every change to the user's jobs as Server-Sent Events, on one connection",
      description:
        "`ready` at once, then a `job` event with the Job each time one is created or changes (status, progress, attempts), " +
        "and `resync` (no data) when too many changed at once to send each: reload the list. Deleted jobs send nothing. " +
        "`: heartbeat` every 15 s; the stream stays open until the client leaves.",
      security: API_KEY_SECURITY,
      responses: {
        "200": { description: "The event stream", content: { "text/event-stream": { schema: z.string() } } },
        ...errorResponses(401, 429),
      },
    },
  },
  "/api/v1/jobs/{id}/pages/{page}": {
    get: {
      tags: ["jobs"],
      summary: "One page of a job: its text, confidence, size and word boxes (stored as soon as read, so also while the job runs)",
      security: API_KEY_SECURITY,
      requestParams: { path: pageParamsSchema },
      responses: {
        "200": jsonResponse("The page, and the document's page count", jobPageResponseSchema),
        ...errorResponses(400, 401, 404, 429),
      },
    },
  },
  "/api/v1/jobs/{id}/pages/{page}/image": {
    get: {
      tags: ["jobs"],
      summary: "The page as the worker read it, the space of its word boxes: WebP, scaled to 1600 px at most on its longest side",
      description:
        "A box (x0, y0, x1, y1) of the page's words falls on this image at (x0, y0, x1, y1) times the image's width over the page's width. " +
        "404 for a page read before images were kept, or from a BMP.",
      security: API_KEY_SECURITY,
      requestParams: { path: pageParamsSchema },
      responses: {
        "200": { description: "The image", content: { "image/webp": { schema: z.string().meta({ format: "binary" }) } } },
        ...errorResponses(400, 401, 404, 429),
      },
    },
  },
};
