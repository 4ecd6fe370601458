import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { WORKER_HEARTBEAT_INTERVAL_MS, WORKER_HEARTBEAT_TTL_MS } from "@ocrflow/shared/worker-heartbeat";
import { workersQuerySchema } from "../health/alive-workers.ts";
import { errorResponses, jsonResponse } from "./openapi-helpers.ts";

const dependencyStatus = z.enum(["ok", "down"]);
const readiness = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: z.object({ redis: dependencyStatus, database: dependencyStatus }),
  ocrEngines: z
    .array(
      z.object({
        workerId: z.string().meta({ description: "host:pid, as in /health/workers" }),
        backend: z.enum(["tesseract.js", "tesseract-native"]),
        reason: z.string().meta({ description: "Why OCR_ENGINE chose it for the default language" }),
      }),
    )
    .meta({ description: "The OCR backend of each worker alive (empty while Redis is down)" }),
});
const workersHealth = z.object({
  status: z.enum(["ok", "unavailable"]),
  redis: dependencyStatus,
  min: z.number().int(),
  alive: z.number().int().nullable().meta({ description: "Worker processes alive; null when Redis did not answer in time" }),
  workers: z.array(
    z.object({
      id: z.string().meta({ description: "host:pid" }),
      host: z.string(),
      pid: z.number().int(),
      lastHeartbeatAt: z.iso.datetime(),
    }),
  ),
});
const html = { "text/html": { schema: z.string() } };

/** Routes outside /api/v1: no API key. */
export const servicePaths: ZodOpenApiPathsObject = {
  "/health/live": {
    get: {
      tags: ["service"],
      summary: "The process is up",
      responses: { "200": jsonResponse("Up", z.object({ status: z.literal("ok") })) },
    },
  },
  "/health/ready": {
    get: {
      tags: ["service"],
      summary: "Redis and the database answer (each checked with a short timeout)",
      responses: { "200": jsonResponse("Ready", readiness), "503": jsonResponse("A dependency is down; `checks` names it", readiness) },
    },
  },
  "/health/workers": {
    get: {
      tags: ["service"],
      summary: `Worker processes alive, from the heartbeat each one records in Redis every ${WORKER_HEARTBEAT_INTERVAL_MS / 1000} s`,
      description:
        `A worker is listed until ${WORKER_HEARTBEAT_TTL_MS / 1000} s after its last heartbeat; one that stops cleanly is unlisted at once. ` +
        "Whatever started the workers (pnpm start, supervisord, docker-compose, other hosts), a missing one shows here.",
      requestParams: { query: workersQuerySchema },
      responses: {
        "200": jsonResponse("At least `min` workers alive", workersHealth),
        "503": jsonResponse("Fewer than `min` workers alive, or Redis down (`alive` null)", workersHealth),
        ...errorResponses(400),
      },
    },
  },
  "/metrics": {
    get: {
      tags: ["service"],
      summary: "Prometheus metrics of this API process (queue depths, HTTP timings, result-cache lookups)",
      description: "Open unless METRICS_TOKEN is configured; then `Authorization: Bearer <METRICS_TOKEN>`.",
      security: [{}, { metricsToken: [] }],
      responses: {
        "200": { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } },
        ...errorResponses(401),
      },
    },
  },
  "/openapi.json": {
    get: { tags: ["service"], summary: "This document", responses: { "200": { description: "OpenAPI 3.1 document" } } },
  },
  "/docs": {
    get: {
      tags: ["service"],
      summary: "Interactive documentation of this API",
      responses: { "200": { description: "HTML", content: html } },
    },
  },
  "/admin/queues": {
    get: {
      tags: ["service"],
      summary: "Bull Board (off unless ADMIN_USER and ADMIN_PASSWORD are configured)",
      security: [{ adminBasic: [] }],
      responses: { "200": { description: "The board", content: html }, ...errorResponses(401, 404, 429) },
    },
  },
};
