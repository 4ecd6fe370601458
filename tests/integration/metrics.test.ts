import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiMetrics } from "../../apps/api/src/metrics/api-metrics.ts";
import { freePort } from "../support/free-port.ts";
import { apiClient, fileForm, fixture, waitForJob } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text format into samples (enough of it for these metrics). */
function parseMetrics(text: string): Sample[] {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const match = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1], label[2]]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

function sampleOf(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample | undefined {
  return samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

async function scrape(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string | null; samples: Sample[]; text: string }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), text, samples: response.ok ? parseMetrics(text) : [] };
}

describe("GET /metrics on the API", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => service?.close());

  it("answers Prometheus text without an API key, with process metrics labelled service=api", async () => {
    const { status, type, samples } = await scrape(`${service.baseUrl}/metrics`);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sampleOf(samples, "process_resident_memory_bytes", { service: "api" })?.value).toBeGreaterThan(0);
  });

  it("reports each queue's depth per state, read from Redis when scraped", async () => {
    await service.queues.high.add("ocr-document", { jobId: crypto.randomUUID() });
    await service.queues.high.add("ocr-document", { jobId: crypto.randomUUID() }, { delay: 60_000 });
    const { samples } = await scrape(`${service.baseUrl}/metrics`);
    expect(sampleOf(samples, "ocrflow_queue_jobs", { queue: "ocr-high", state: "waiting" })?.value).toBe(1);
    expect(sampleOf(samples, "ocrflow_queue_jobs", { queue: "ocr-high", state: "delayed" })?.value).toBe(1);
    expect(sampleOf(samples, "ocrflow_queue_jobs", { queue: "ocr-low", state: "waiting" })?.value).toBe(0);
    for (const queue of ["ocr-high", "ocr-normal", "ocr-low"]) expect(sampleOf(samples, "ocrflow_queue_up", { queue })?.value).toBe(1);
  });

  it("times requests by route pattern and status, never by the raw URL", async () => {
    const { key } = await service.createUser();
    const missingId = crypto.randomUUID();
    expect((await apiClient(service.baseUrl, key).get(`/api/v1/jobs/${missingId}`)).status).toBe(404);
    expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
    const { samples, text } = await scrape(`${service.baseUrl}/metrics`);
    const count = (route: string, status: string) =>
      sampleOf(samples, "ocrflow_http_request_duration_seconds_count", { method: "GET", route, status })?.value;
    expect(count("/api/v1/jobs/:id", "404")).toBe(1);
    expect(count("/health/live", "200")).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(missingId);
  });

  it("counts result-cache lookups, hits and misses, from the first scrape on", async () => {
    const { samples } = await scrape(`${service.baseUrl}/metrics`);
    expect(sampleOf(samples, "ocrflow_result_cache_lookups_total", { result: "hit" })).toBeDefined();
    expect(sampleOf(samples, "ocrflow_result_cache_lookups_total", { result: "miss" })).toBeDefined();
  });
});

describe("the API's metrics recorder", () => {
  it("keeps its own registry: two processes' (or apps') numbers never mix", async () => {
    const first = createApiMetrics([]);
    const second = createApiMetrics([]);
    first.recordCacheLookup(true);
    first.recordCacheLookup(true);
    first.recordCacheLookup(false);
    const lookups = async (metrics: typeof first, result: string) =>
      sampleOf(parseMetrics(await metrics.registry.metrics()), "ocrflow_result_cache_lookups_total", { result })?.value;
    expect([await lookups(first, "hit"), await lookups(first, "miss")]).toEqual([2, 1]);
    expect([await lookups(second, "hit"), await lookups(second, "miss")]).toEqual([0, 0]);
  });
});

describe("GET /metrics with METRICS_TOKEN set", () => {
  const token = "scrape-token-0123456789";
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ env: { METRICS_TOKEN: token } });
  });
  afterAll(async () => service?.close());

  it("needs the token as a bearer credential", async () => {
    const refused = await fetch(`${service.baseUrl}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await scrape(`${service.baseUrl}/metrics`, { authorization: "Bearer wrong-token-0123456789" })).status).toBe(401);
    expect((await scrape(`${service.baseUrl}/metrics`, { authorization: `Bearer ${token}` })).status).toBe(200);
  });
});

describe("GET /metrics while Redis is down", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ apiRedisUrl: "redis://127.0.0.1:1" });
  });
  afterAll(async () => service?.close());

  it("still answers, with the queues marked down", async () => {
    const { status, samples } = await scrape(`${service.baseUrl}/metrics`);
    expect(status).toBe(200);
    expect(sampleOf(samples, "ocrflow_queue_up", { queue: "ocr-normal" })?.value).toBe(0);
  });
});

describe("a worker process's own /metrics (WORKER_METRICS_PORT)", () => {
  let service: TestService;
  let worker: ChildProcess | undefined;
  let metricsUrl: string;

  beforeAll(async () => {
    service = await startTestService();
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    worker = spawn(process.execPath, ["--import", "tsx", "apps/worker/src/main.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: fileDatabaseUrl(),
        REDIS_URL: service.redisUrl,
        QUEUE_PREFIX: service.prefix,
        STORAGE_DIR: service.storage.root,
        LOG_LEVEL: "warn",
        WORKER_METRICS_PORT: String(port),
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = once(worker, "exit");
      worker.kill("SIGTERM");
      await exited;
    }
    await service?.close();
  });

  it("serves the worker's metrics on its own port, counting the pages it OCRs and timing the attempt", async () => {
    const deadline = Date.now() + 60_000;
    let before: Awaited<ReturnType<typeof scrape>> | undefined;
    while (!before && Date.now() < deadline) {
      before = await scrape(metricsUrl).catch(() => undefined);
      if (!before) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(before?.status).toBe(200);
    expect(sampleOf(before!.samples, "process_resident_memory_bytes", { service: "worker" })).toBeDefined();
    expect(before!.text).toContain("# TYPE ocrflow_job_duration_seconds histogram");
    const pagesBefore = sampleOf(before!.samples, "ocrflow_pages_processed_total")?.value ?? 0;

    const client = apiClient(service.baseUrl, (await service.createUser()).key);
    const submitted = await client.postForm("/api/v1/jobs", fileForm(await fixture("tiny.bmp"), "tiny.bmp"));
    expect(submitted.status).toBe(202);
    expect((await waitForJob(client, submitted.body.job.id)).status).toBe("completed");

    const after = await scrape(metricsUrl);
    expect(sampleOf(after.samples, "ocrflow_pages_processed_total")?.value).toBe(pagesBefore + 1);
    const attempts = sampleOf(after.samples, "ocrflow_job_duration_seconds_count", { queue: "ocr-normal", outcome: "completed" });
    expect(attempts?.value).toBe(1);
    expect(
      sampleOf(after.samples, "ocrflow_job_duration_seconds_sum", { queue: "ocr-normal", outcome: "completed" })?.value,
    ).toBeGreaterThan(0);
    expect((await fetch(metricsUrl.replace("/metrics", "/other"))).status).toBe(404);
  });
});
