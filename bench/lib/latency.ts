import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";

export type Latency = { p50: number; p99: number; requests: number; errors: number; samples?: RequestSample[] };

/** One request of a traced run, in epoch ms: when it was due, when it left, when its answer was in. */
export type RequestSample = { id: string; due: number; sent: number; done: number; status: number };

export type LatencyOptions = {
  url: string;
  method?: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  rate: number;
  seconds: number;
  /** Sends each request with an `x-trace-id` header and returns every request's times (`samples`). */
  trace?: boolean;
};

/**
 * Latency of one request at a constant arrival rate (open loop, as wrk2 or
 * k6's constant-arrival-rate measure it): request i is due at start + i/rate,
 * is sent then whatever the earlier ones are doing, and its latency counts from
 * when it was due, so a server that falls behind cannot hide it by slowing the
 * sender down (coordinated omission).
 */
export async function measureLatency(options: LatencyOptions): Promise<Latency> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(options.rate * options.seconds);
  const intervalMs = 1000 / options.rate;
  const latencies: number[] = [];
  const samples: RequestSample[] = [];
  const epoch = (at: number) => performance.timeOrigin + at;
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 20;
  try {
    for (let i = 0; i < total; i += 1) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const id = String(i);
      const sent = performance.now();
      const headers = options.trace ? { ...options.headers, "x-trace-id": id } : options.headers;
      inFlight.push(
        send(agent, { ...options, headers }).then(
          (status) => {
            if (status < 200 || status >= 300) errors += 1;
            const done = performance.now();
            latencies.push(done - due);
            if (options.trace) samples.push({ id, due: epoch(due), sent: epoch(sent), done: epoch(done), status });
          },
          () => {
            errors += 1;
          },
        ),
      );
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  const at = (quantile: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ?? Number.NaN);
  return { p50: at(0.5), p99: at(0.99), requests: latencies.length, errors, ...(options.trace ? { samples } : {}) };
}

/** One request on a kept-alive connection; resolves with the status once the whole body is in. */
function send(agent: http.Agent, options: LatencyOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(options.url, { method: options.method ?? "GET", headers: options.headers, agent }, (response) => {
      response.resume();
      response.once("end", () => resolve(response.statusCode ?? 0));
      response.once("error", reject);
    });
    request.once("error", reject);
    request.setTimeout(10_000, () => request.destroy(new Error("timed out")));
    request.end(options.body);
  });
}

/**
 * autocannon with `overallRate`, for comparison: each of its connections sends
 * back to back until it has made its share of the second's requests, then waits
 * for the next second. The load arrives as one burst per second from
 * `connections` clients at once, not spread over the second.
 */
export async function measureBurstLatency(options: LatencyOptions & { connections?: number }): Promise<Latency> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? "GET",
    headers: options.headers,
    body: options.body,
    overallRate: options.rate,
    duration: options.seconds,
    connections: options.connections ?? 10,
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
