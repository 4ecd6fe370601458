import { once } from "node:events";
import type { Server, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

// A request cut at the drain time cleans up after itself (its upload's temp
// file) asynchronously, with no event to wait on; this gives it the moment.
const CUT_SETTLE_MS = 1_000;

export interface ClosableServer {
  /**
   * Stops accepting connections, ends event streams, and waits for the
   * other requests in flight; those still running after `drainMs` (a
   * stalled upload) are cut.
   */
  close: (drainMs: number) => Promise<void>;
}

const isEventStream = (res: ServerResponse) => String(res.getHeader("content-type") ?? "").startsWith("text/event-stream");

/**
 * An event stream never finishes by itself: it ends now, and the client's
 * EventSource reconnects. A write already under way in its handler may land
 * after the end; its write-after-end error must not crash the process.
 */
function endEventStream(res: ServerResponse): void {
  res.on("error", () => undefined);
  res.end();
}

/**
 * Tracks a server's responses so it can close gracefully. Node's own
 * `server.close()` leaves keep-alive connections open until their idle
 * timeout, so a response that finishes during shutdown is sent with
 * `Connection: close`, and connections left idle are closed as they appear.
 */
export function closableServer(server: Server): ClosableServer {
  const inFlight = new Set<ServerResponse>();
  let closing = false;

  const askToClose = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader("connection", "close");
  };
  server.on("request", (_req, res: ServerResponse) => {
    inFlight.add(res);
    if (closing) askToClose(res);
    res.once("close", () => {
      inFlight.delete(res);
      if (closing) server.closeIdleConnections();
    });
  });

  return {
    close: async (drainMs) => {
      closing = true;
      const closed = once(server, "close");
      server.close();
      for (const res of inFlight) {
        if (isEventStream(res)) endEventStream(res);
        else askToClose(res);
      }
      server.closeIdleConnections();
      let cutCount = 0;
      const cut = setTimeout(() => {
        cutCount = inFlight.size;
        server.closeAllConnections();
      }, drainMs);
      await closed;
      clearTimeout(cut);
      if (cutCount > 0) await sleep(CUT_SETTLE_MS);
    },
  };
}
