import { Router } from "express";
import { errorFields } from "@ocrflow/shared/logger";
import type { AppDeps } from "../deps.ts";
import { ownerOf } from "../http/owner.ts";
import { openEventStream } from "../jobs/sse-response.ts";
import { streamOwnerEvents } from "./stream-owner-events.ts";

/** GET /api/v1/events: Server-Sent Events of every change to the caller's jobs, on one connection. */
export function eventsRouter(deps: Pick<AppDeps, "db" | "logger">): Router {
  const router = Router();
  router.get("/", async (req, res) => {
    const owner = ownerOf(req);
    const closed = new AbortController();
    res.on("close", () => closed.abort());
    const sink = openEventStream(res);
    try {
      await streamOwnerEvents(deps.db, owner, sink, closed.signal);
    } catch (error) {
      // Headers are sent: the stream just ends, and EventSource reconnects by itself.
      deps.logger.warn("event stream failed", { requestId: req.id, ...errorFields(error) });
    }
    res.end();
  });
  return router;
}
