import { Router } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";
import { sameSecret } from "../http/same-secret.ts";
import type { ApiMetrics } from "./api-metrics.ts";

/**
 * GET /metrics in Prometheus text format. Open by default: the API listens on
 * 127.0.0.1 unless told otherwise, and the numbers (queue depths, timings per
 * route) reveal no user data. When the API is reachable from a network, set
 * METRICS_TOKEN and give Prometheus `authorization: { credentials: <token> }`.
 */
export function metricsRouter(metrics: ApiMetrics, token: string | undefined): Router {
  const router = Router();
  router.get("/", async (req, res) => {
    if (token) {
      const presented = req.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
      if (!presented || !sameSecret(presented, token)) {
        res.set("WWW-Authenticate", 'Bearer realm="ocrflow metrics"');
        throw new OcrflowError("UNAUTHORIZED", "GET /metrics needs the metrics token (Authorization: Bearer <METRICS_TOKEN>)");
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
