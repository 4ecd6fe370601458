import type { RequestHandler } from "express";
import { routePatternOf } from "../http/route-pattern.ts";
import type { ApiMetrics } from "./api-metrics.ts";

/** Times every request into the HTTP histogram, labelled by route pattern and status. */
export function measureHttpRequests(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once("close", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttpRequest({ method: req.method, route: routePatternOf(req), status: res.statusCode, seconds });
    });
    next();
  };
}
