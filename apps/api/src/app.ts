import express from "express";
import { dbProviderOf } from "@ocrflow/shared/db";
import { WEB_DIST_DIR } from "@ocrflow/shared/paths";
import { ADMIN_BOARD_PATH } from "./admin/admin-board.ts";
import { mountAdminBoard } from "./admin/mount-admin-board.ts";
import { serviceQueues } from "./admin/service-queues.ts";
import { createApiKeyCache } from "./auth/api-key-cache.ts";
import { authenticate } from "./auth/authenticate.ts";
import { AZURE_PATH_PREFIXES, azureCompatRouter } from "./azure-compat/azure-compat.router.ts";
import { azureErrorHandler } from "./azure-compat/azure-error.ts";
import { batchesRouter } from "./batches/batches.router.ts";
import { capabilitiesRouter } from "./capabilities/capabilities.router.ts";
import type { AppDeps } from "./deps.ts";
import { documentsRouter } from "./documents/documents.router.ts";
import { eventsRouter } from "./events/events.router.ts";
import { countOcrBackends, readAliveWorkers } from "./health/alive-workers.ts";
import { healthRouter } from "./health/health.router.ts";
import { accessLog } from "./http/access-log.ts";
import { createErrorHandler, notFoundRoute } from "./http/error-handler.ts";
import { recoverDatabase } from "./http/recover-database.ts";
import { createRateLimits } from "./http/rate-limit.ts";
import { requestId } from "./http/request-id.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { createUpload } from "./http/upload.ts";
import { jobsRouter } from "./jobs/jobs.router.ts";
import { createApiMetrics } from "./metrics/api-metrics.ts";
import { measureHttpRequests } from "./metrics/http-metrics.ts";
import { metricsRouter } from "./metrics/metrics.router.ts";
import { docsRouter } from "./openapi/docs.router.ts";
import { pagesRouter } from "./pages/pages.router.ts";
import { sessionRouter } from "./session/session.router.ts";
import { webAppRouter } from "./web/web-app.router.ts";

const JSON_BODY_LIMIT = "256kb";

/** Builds the Express app without listening, so tests can serve it on port 0. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Off unless TRUST_PROXY names the proxies in front: otherwise any client could pick its address with X-Forwarded-For.
  app.set("trust proxy", deps.config.TRUST_PROXY);
  app.use(requestId, securityHeaders());
  const countAliveWorkers = async () => (await readAliveWorkers(deps.redis, deps.config.QUEUE_PREFIX))?.length;
  const metrics =
    deps.metrics ?? createApiMetrics(serviceQueues(deps), countAliveWorkers, () => countOcrBackends(deps.redis, deps.config.QUEUE_PREFIX));
  // Every router sees the same metrics (the submit path records cache lookups).
  deps = { ...deps, metrics };
  app.use(accessLog(deps.logger), measureHttpRequests(metrics));
  app.use("/health", healthRouter(deps));
  app.use("/metrics", metricsRouter(metrics, deps.config.METRICS_TOKEN));
  app.use(docsRouter());
  // Static files of the web app: cheap, and a page load fetches several at once.
  app.use(webAppRouter(deps.webDistDir ?? WEB_DIST_DIR, deps.logger));
  // Everything past health, metrics and docs counts per client address, before any credential is checked.
  const rateLimits = createRateLimits(deps);
  app.use(rateLimits.perIp);
  mountAdminBoard(app, { config: deps.config, logger: deps.logger, queues: serviceQueues(deps) });

  const cache = createApiKeyCache({ ttlMs: deps.config.API_KEY_CACHE_TTL_MS });
  // Azure Document Intelligence's analyze API, for its clients (paperless-ngx): errors in that API's shape, also the rate limit's.
  app.use(AZURE_PATH_PREFIXES, azureCompatRouter(deps, cache, rateLimits.perKey), azureErrorHandler(deps.logger));

  const upload = createUpload(deps.storage, deps.config.MAX_FILE_SIZE_MB * 1024 * 1024, deps.logger);
  const api = express.Router();
  const sessions = { ttlMs: deps.config.SESSION_TTL_HOURS * 3_600_000, secure: deps.config.SESSION_COOKIE_SECURE };
  const adminBoard = deps.config.ADMIN_USER && deps.config.ADMIN_PASSWORD ? ADMIN_BOARD_PATH : null;
  // Sign-in comes before the key check: it is where the web app presents its key.
  api.use("/session", express.json({ limit: JSON_BODY_LIMIT }), sessionRouter({ db: deps.db, sessions, adminBoard }));
  api.use(authenticate({ db: deps.db, cache, sessions }), rateLimits.perKey);
  api.use(express.json({ limit: JSON_BODY_LIMIT }));
  api.use("/capabilities", capabilitiesRouter(deps));
  api.use("/events", eventsRouter(deps));
  api.use("/documents", documentsRouter(deps, upload));
  // Before the jobs router, whose /:id would otherwise take "batch".
  api.use(batchesRouter(deps, upload));
  api.use("/jobs/:id/pages", pagesRouter(deps));
  api.use("/jobs", jobsRouter(deps, upload));
  app.use("/api/v1", api);

  app.use(notFoundRoute);
  // Only a SQLite client is left broken by a lock timeout; a PostgreSQL pool is left as it is.
  if (dbProviderOf(deps.config.DATABASE_URL) === "sqlite") app.use(recoverDatabase(deps.db));
  app.use(createErrorHandler(deps.logger));
  return app;
}
