import { Router } from "express";
import type { AppDeps } from "../deps.ts";
import { describeCapabilities } from "./describe-capabilities.ts";

/** GET /api/v1/capabilities: formats, languages, option values and limits of this installation. */
export function capabilitiesRouter(deps: AppDeps): Router {
  const capabilities = describeCapabilities({
    languages: deps.languages,
    maxFileSizeMb: deps.config.MAX_FILE_SIZE_MB,
    webhooks: Boolean(deps.config.WEBHOOK_SECRET),
  });
  const router = Router();
  router.get("/", (_req, res) => {
    res.json(capabilities);
  });
  return router;
}
