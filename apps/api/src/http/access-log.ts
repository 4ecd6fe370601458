import type { RequestHandler } from "express";
import type { Logger } from "@ocrflow/shared/logger";
import { routePatternOf } from "./route-pattern.ts";

/**
 * One line per request at `http` level once it ends (LOG_LEVEL=http or lower
 * shows them): method, route pattern, status, duration and request id. The
 * raw URL is left out: it may carry ids and query values.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once("close", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.http("request", {
        method: req.method,
        route: routePatternOf(req),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        requestId: req.id,
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    });
    next();
  };
}
