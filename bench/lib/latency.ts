import autocannon from "autocannon";

export type Latency = { p50: number; p99: number; requests: number; errors: number };

/**
 * Latency of one request at a fixed arrival rate (autocannon's overallRate), so a
 * slow answer cannot lower the load, as it would with closed-loop clients.
 */
export async function measureLatency(options: {
  url: string;
  method?: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  rate: number;
  seconds: number;
  connections?: number;
}): Promise<Latency> {
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
