import type { Queue } from "bullmq";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { withTimeout } from "@ocrflow/shared/timeout";

/** Queue states read at scrape time, as BullMQ names them. */
export const QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children", "paused", "failed", "completed"] as const;

const QUEUE_READ_TIMEOUT_MS = 2_000;
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The API process's metrics: one Registry of its own, never prom-client's global one. */
export interface ApiMetrics {
  registry: Registry;
  /** A request ended; `route` is the Express route pattern, never the raw URL. */
  observeHttpRequest(request: { method: string; route: string; status: number; seconds: number }): void;
  /** The submit path looked a job up in the result cache. */
  recordCacheLookup(hit: boolean): void;
}

/**
 * Creates the API's registry: HTTP request durations, result-cache lookups,
 * the depth of every queue per state and the worker processes alive (both
 * read from Redis when scraped, so any number of API processes report the
 * same truth) and Node's process metrics.
 */
export function createApiMetrics(
  queues: readonly Queue[],
  countAliveWorkers?: () => Promise<number | undefined>,
  countOcrBackends?: () => Promise<Map<string, number> | undefined>,
): ApiMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "api" });
  collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: "ocrflow_http_request_duration_seconds",
    help: "HTTP requests by method, route pattern and status, with their duration",
    labelNames: ["method", "route", "status"] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: "ocrflow_result_cache_lookups_total",
    help: "Result-cache lookups on job submission, by result (hit or miss)",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  // Both queue gauges are collected in the same scrape: they share one read.
  let pendingRead: Promise<QueueCounts[]> | undefined;
  const readQueues = () => {
    pendingRead ??= readQueueCounts(queues).finally(() => {
      pendingRead = undefined;
    });
    return pendingRead;
  };
  new Gauge({
    name: "ocrflow_queue_jobs",
    help: "Jobs in each queue by state, read from Redis at scrape time",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { queue, counts } of await readQueues()) {
        if (counts) for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: "ocrflow_queue_up",
    help: "1 when the queue's counts were read from Redis at this scrape, 0 when Redis did not answer in time",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      for (const { queue, counts } of await readQueues()) this.set({ queue }, counts ? 1 : 0);
    },
  });
  if (countAliveWorkers) {
    new Gauge({
      name: "ocrflow_workers_alive",
      help: "Worker processes alive from their heartbeats in Redis; NaN when Redis did not answer in time",
      registers: [registry],
      async collect() {
        // Unknown is not 0: an alert on `< 1` should not fire for a Redis outage (ocrflow_queue_up says that).
        this.set((await countAliveWorkers()) ?? Number.NaN);
      },
    });
  }
  if (countOcrBackends) {
    new Gauge({
      name: "ocrflow_ocr_engine_workers",
      help: "Worker processes alive by the OCR backend they read the default language with (OCR_ENGINE; the reason is on /health/ready)",
      labelNames: ["backend"] as const,
      registers: [registry],
      async collect() {
        const counts = await countOcrBackends();
        // Both backends always listed (0 when none runs it); NaN while Redis does not answer, as ocrflow_workers_alive.
        for (const backend of ["tesseract.js", "tesseract-native"]) this.set({ backend }, counts ? (counts.get(backend) ?? 0) : Number.NaN);
      },
    });
  }
  cacheLookups.inc({ result: "hit" }, 0);
  cacheLookups.inc({ result: "miss" }, 0);

  return {
    registry,
    observeHttpRequest: ({ method, route, status, seconds }) => httpDuration.observe({ method, route, status: String(status) }, seconds),
    recordCacheLookup: (hit) => cacheLookups.inc({ result: hit ? "hit" : "miss" }),
  };
}

interface QueueCounts {
  queue: string;
  counts?: Record<string, number>;
}

async function readQueueCounts(queues: readonly Queue[]): Promise<QueueCounts[]> {
  return Promise.all(
    queues.map(async (queue) => ({
      queue: queue.name,
      counts: await withTimeout(queue.getJobCounts(...QUEUE_STATES), QUEUE_READ_TIMEOUT_MS, "reading queue counts").catch(() => undefined),
    })),
  );
}
