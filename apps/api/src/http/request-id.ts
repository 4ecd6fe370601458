import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { enterLogContext } from "@ocrflow/shared/logger";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Takes a caller's X-Request-Id when it is safe to log, else makes one, and
 * puts it in the log context: every line logged while the request is handled
 * carries it, however deep the code that logs.
 */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get("x-request-id");
  req.id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader("X-Request-Id", req.id);
  // enterWith, not run: body parsers call next() from the request's stream
  // events, which run in the request's async scope and must see the id too.
  enterLogContext({ requestId: req.id });
  next();
};
