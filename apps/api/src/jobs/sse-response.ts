import type { Response } from "express";
import type { JobEventSink } from "./stream-job-events.ts";

/** Starts a text/event-stream response and returns a sink writing to it. */
export function openEventStream(res: Response): JobEventSink {
  res.status(200).set({
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    Connection: "keep-alive",
    // Tells nginx-style proxies not to buffer the stream.
    "X-Accel-Buffering": "no",
  });
  res.flushHeaders();
  return {
    event(name, data) {
      res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    comment(text) {
      res.write(`: ${text}\n\n`);
    },
  };
}
