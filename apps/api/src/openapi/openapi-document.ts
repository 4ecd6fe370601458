import { createDocument } from "zod-openapi";
import { azurePaths } from "./azure-paths.ts";
import { documentPaths } from "./document-paths.ts";
import { jobPaths } from "./job-paths.ts";
import { servicePaths } from "./service-paths.ts";
import { webPaths } from "./web-paths.ts";
import { webhookEvents } from "./webhook-events.ts";

/**
 * The OpenAPI 3.1 document of the API, built from the zod schemas the routes
 * validate with and the response schemas of packages/shared/src/validators.
 */
export function buildOpenApiDocument(): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "ocrflow",
      version: "1.0.0",
      description:
        "Asynchronous OCR: upload documents, submit jobs, follow their progress and fetch results. " +
        'Every error is `{"error": {"code", "message", "details"}, "requestId"}`; every response carries X-Request-Id.',
    },
    tags: [
      { name: "documents" },
      { name: "jobs" },
      { name: "session", description: "The web app's sign-in: an API key exchanged for a session cookie" },
      { name: "service", description: "Health, metrics, docs and admin (no API key), and what this installation offers" },
      { name: "azure", description: "Azure Document Intelligence's analyze API (prebuilt-read), for its clients such as paperless-ngx" },
    ],
    paths: { ...documentPaths, ...jobPaths, ...webPaths, ...servicePaths, ...azurePaths },
    webhooks: webhookEvents,
    components: {
      securitySchemes: {
        bearerKey: { type: "http", scheme: "bearer", description: "Authorization: Bearer <API key>" },
        headerKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "ocrflow_session",
          description:
            "The web app's session (POST /api/v1/session; named __Host-ocrflow_session when Secure). " +
            "Requests that change anything also need its X-CSRF-Token header.",
        },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN, when configured" },
        adminBasic: { type: "http", scheme: "basic", description: "ADMIN_USER and ADMIN_PASSWORD" },
        azureKey: {
          type: "apiKey",
          in: "header",
          name: "Ocp-Apim-Subscription-Key",
          description: "An ocrflow API key, as Azure's SDKs send it",
        },
      },
    },
  });
}
