import { Router } from "express";
import type { AppDeps } from "../deps.ts";
import { readAliveOcrEngines, readAliveWorkers, workersQuerySchema } from "./alive-workers.ts";
import { checkDependencies } from "./check-dependencies.ts";

export function healthRouter(deps: AppDeps): Router {
  const router = Router();
  router.get("/live", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/ready", async (_req, res) => {
    const checks = await checkDependencies(deps);
    const ready = Object.values(checks).every((status) => status === "ok");
    // Informative only: which OCR backend each alive worker runs; readiness is the API's own dependencies.
    const ocrEngines = checks.redis === "ok" ? ((await readAliveOcrEngines(deps.redis, deps.config.QUEUE_PREFIX)) ?? []) : [];
    res.status(ready ? 200 : 503).json({ status: ready ? "ok" : "unavailable", checks, ocrEngines });
  });
  // From the workers' own heartbeats in Redis, not from whatever started them.
  router.get("/workers", async (req, res) => {
    const { min } = workersQuerySchema.parse(req.query);
    const workers = await readAliveWorkers(deps.redis, deps.config.QUEUE_PREFIX);
    const enough = workers !== undefined && workers.length >= min;
    res.status(enough ? 200 : 503).json({
      status: enough ? "ok" : "unavailable",
      redis: workers ? "ok" : "down",
      min,
      alive: workers?.length ?? null,
      workers: workers ?? [],
    });
  });
  return router;
}
