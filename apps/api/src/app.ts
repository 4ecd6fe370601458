import express from "express";
import { authenticate } from "./auth/authenticate.ts";
import type { AppDeps } from "./deps.ts";
import { documentsRouter } from "./documents/documents.router.ts";
import { healthRouter } from "./health/health.router.ts";
import { createErrorHandler, notFoundRoute } from "./http/error-handler.ts";
import { requestId } from "./http/request-id.ts";
import { createUpload } from "./http/upload.ts";
import { jobsRouter } from "./jobs/jobs.router.ts";

const JSON_BODY_LIMIT = "256kb";

/** Builds the Express app without listening, so tests can serve it on port 0. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(requestId);
  app.use("/health", healthRouter(deps));

  const upload = createUpload(deps.storage, deps.config.MAX_FILE_SIZE_MB * 1024 * 1024);
  const api = express.Router();
  api.use(authenticate(deps.db));
  api.use(express.json({ limit: JSON_BODY_LIMIT }));
  api.use("/documents", documentsRouter(deps, upload));
  api.use("/jobs", jobsRouter(deps, upload));
  app.use("/api/v1", api);

  app.use(notFoundRoute);
  app.use(createErrorHandler(deps.logger));
  return app;
}
