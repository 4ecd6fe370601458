import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DbProvider } from "../../packages/shared/src/db-provider.ts";
import { createClient } from "../lib/api-client.ts";
import { type ApiTrace, attributeTail } from "../lib/attribute-tail.ts";
import { startBenchService } from "../lib/bench-service.ts";
import { type Latency, measureBurstLatency, measureLatency } from "../lib/latency.ts";
import { runPool } from "../lib/run-pool.ts";

const BATCHES = 200;
const BATCH_SIZE = 50;
const SMALL_FILE = fileURLToPath(new URL("../../tests/fixtures/tiny.gif", import.meta.url));
const TRACE_PRELOAD = fileURLToPath(new URL("../lib/trace-tail-preload.mjs", import.meta.url));

export type ApiRun = {
  submit?: Latency;
  /** The same submits as autocannon's overallRate sends them: a burst from 10 connections each second. */
  submitBursts?: Latency;
  /** Undefined with the reason when a route is missing. */
  enqueue?: { jobs: number; seconds: number };
  lists: { route: string; latency?: Latency }[];
  missing: string[];
  /** With `traceTail`: where the slowest 1% of the evenly spaced submits spent their time. */
  tailReport?: string;
};

export type ApiOptions = { database?: DbProvider; traceTail?: boolean };

/**
 * The API with no worker running (workers idle): JSON submits of an existing
 * document at 200 requests/s (evenly spaced, then in autocannon's bursts), then
 * 10,000 jobs enqueued in batches of 50, then the list routes over those 10,000 jobs.
 */
export async function measureApi(options: ApiOptions = {}): Promise<ApiRun> {
  const traceDir = options.traceTail ? await mkdtemp(path.join(tmpdir(), "ocrflow-trace-")) : undefined;
  const traceFile = traceDir ? path.join(traceDir, "api-trace.json") : undefined;
  const service = await startBenchService({
    workers: 0,
    workerConcurrency: 1,
    database: options.database,
    ...(traceFile ? { apiNodeArgs: ["--import", TRACE_PRELOAD], apiEnv: { TRACE_TAIL_FILE: traceFile } } : {}),
  });
  const missing: string[] = [];
  let run: ApiRun | undefined;
  try {
    const client = createClient(service.baseUrl, service.key);
    const small = await readFile(SMALL_FILE);
    const documentIds = await runPool(Array.from({ length: BATCH_SIZE }), 4, async () => {
      const { status, body } = await client.postFile("/api/v1/documents", Buffer.concat([small, randomBytes(16)]), "small.gif");
      if (status !== 201) throw new Error(`upload: ${status} ${JSON.stringify(body)}`);
      return body.document.id as string;
    });

    const submitLoad = {
      url: `${service.baseUrl}/api/v1/jobs`,
      method: "POST" as const,
      headers: { ...client.headers, "content-type": "application/json" },
      body: JSON.stringify({ documentId: documentIds[0], languages: ["eng"] }),
      rate: 200,
      seconds: 10,
    };
    // A short run first: the first requests pay for compiling the routes' code.
    await measureLatency({ ...submitLoad, seconds: 1 });
    const submit = await measureLatency({ ...submitLoad, trace: options.traceTail });
    const submitBursts = await measureBurstLatency(submitLoad);

    let enqueue: ApiRun["enqueue"];
    let batchId: string | undefined;
    const probe = await client.postJson("/api/v1/jobs/batch", { documentIds, priority: "low" });
    if (probe.status === 404) missing.push("POST /api/v1/jobs/batch");
    else {
      const started = performance.now();
      const batches = await runPool(Array.from({ length: BATCHES - 1 }), 4, async () => {
        const { status, body } = await client.postJson("/api/v1/jobs/batch", { documentIds, priority: "low" });
        if (status !== 202) throw new Error(`batch: ${status} ${JSON.stringify(body)}`);
        return body.batch.id as string;
      });
      const seconds = (performance.now() - started) / 1000;
      enqueue = { jobs: (BATCHES - 1) * BATCH_SIZE, seconds };
      batchId = batches[0];
    }

    const routes = [
      "/api/v1/jobs?page=1&pageSize=100",
      "/api/v1/jobs?status=queued&page=50&pageSize=100",
      ...(batchId ? [`/api/v1/jobs?batchId=${batchId}&pageSize=50`, `/api/v1/batches/${batchId}`] : []),
      "/api/v1/documents?page=1&pageSize=20",
    ];
    const lists: ApiRun["lists"] = [];
    for (const route of routes) {
      const check = await client.get(route);
      if (check.status === 404) {
        missing.push(`GET ${route.split("?")[0]}`);
        lists.push({ route });
        continue;
      }
      lists.push({
        route,
        latency: await measureLatency({ url: `${service.baseUrl}${route}`, headers: client.headers, rate: 50, seconds: 4 }),
      });
    }
    run = { submit, submitBursts, enqueue, lists, missing };
  } finally {
    await service.close();
  }
  if (traceDir && traceFile) {
    // The API writes its trace as it exits.
    const trace = JSON.parse(await readFile(traceFile, "utf8")) as ApiTrace;
    await rm(traceDir, { recursive: true, force: true });
    run.tailReport = attributeTail(run.submit?.samples ?? [], trace);
    delete run.submit?.samples;
  }
  return run;
}
