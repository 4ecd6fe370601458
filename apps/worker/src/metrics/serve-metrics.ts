import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@ocrflow/shared/logger";
import type { Registry } from "prom-client";

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves GET /metrics for Prometheus to scrape this worker process.
 *
 * Why a port per worker rather than a push through Redis: it is Prometheus'
 * own model (each process scraped, `up` tells a dead worker apart from an
 * idle one), it needs no aggregation code of ours and puts nothing on the
 * queue's Redis. The port is off unless WORKER_METRICS_PORT is set, because
 * several workers on one host each need their own; it listens on 127.0.0.1
 * unless WORKER_METRICS_HOST says otherwise.
 */
export async function serveMetrics(registry: Registry, options: { host: string; port: number; logger: Logger }): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: try GET /metrics\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n"),
    );
  });
  server.listen(options.port, options.host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  options.logger.info("worker metrics listening", { url: `http://${options.host}:${port}/metrics` });
  return {
    port,
    close: async () => {
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
