import { Router } from "express";
import type { AppDeps } from "../deps.ts";
import { checkDependencies } from "./check-dependencies.ts";

export function healthRouter(deps: AppDeps): Router {
  const router = Router();
  router.get("/live", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/ready", async (_req, res) => {
    const checks = await checkDependencies(deps);
    const ready = Object.values(checks).every((status) => status === "ok");
    res.status(ready ? 200 : 503).json({ status: ready ? "ok" : "unavailable", checks });
  });
  return router;
}
