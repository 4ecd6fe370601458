import { readFile } from "node:fs/promises";
import { freePort } from "../../tests/support/free-port.ts";
import { makeRecyclePages } from "../corpus/make-recycle-pages.ts";
import { createClient, waitForJob } from "../lib/api-client.ts";
import { startBenchService } from "../lib/bench-service.ts";

export const RECYCLE_RUN_PAGES = 200;
export const SAMPLE_EVERY = 10;
/** The recycling run replaces the worker every this many pages: four times in the run, where the default (200) would do it once. */
export const RECYCLE_EVERY = 50;

export type RssRun = {
  label: string;
  /** Worker RSS (MB) after start-up, then after every SAMPLE_EVERY pages. */
  samples: number[];
  /** Mean RSS of the last quarter's samples over the first quarter's, minus 1. */
  growth: number;
  seconds: number;
  failed: number;
  /** ocrflow_ocr_engine_recycles_total as the worker reports it. */
  recycles: number;
};

// glibc gives each thread that allocates (libvips's, tesseract.js's) an arena of its own and rarely returns
// their freed pages: the third run caps the arenas, as an operator would in the worker's environment.
const VARIANTS: { label: string; env: Record<string, string> }[] = [
  { label: "no recycling", env: { OCR_RECYCLE_PAGES: "0" } },
  { label: `recycling every ${RECYCLE_EVERY} pages`, env: { OCR_RECYCLE_PAGES: String(RECYCLE_EVERY) } },
  {
    label: `recycling every ${RECYCLE_EVERY} pages, MALLOC_ARENA_MAX=2`,
    env: { OCR_RECYCLE_PAGES: String(RECYCLE_EVERY), MALLOC_ARENA_MAX: "2" },
  },
];

/**
 * One worker process at WORKER_CONCURRENCY=1 through 200 one-page jobs of mixed
 * sizes, submitted one after another, its RSS (VmRSS) read every 10 pages while
 * it is idle: without recycling, recycling every 50 pages, and the same with
 * glibc's malloc arenas capped.
 */
export async function measureRecycling(corpusDir: string): Promise<RssRun[]> {
  const pages = await makeRecyclePages(corpusDir, RECYCLE_RUN_PAGES);
  const runs: RssRun[] = [];
  for (const { label, env } of VARIANTS) runs.push({ label, ...(await runPages(pages, env)) });
  return runs;
}

async function runPages(pages: string[], variantEnv: Record<string, string>): Promise<Omit<RssRun, "label">> {
  const metricsPort = await freePort();
  const service = await startBenchService({
    workers: 1,
    workerConcurrency: 1,
    env: {
      OCR_RECYCLE_RSS_MB: "0",
      ...variantEnv,
      WORKER_METRICS_PORT: String(metricsPort),
      // 200 jobs polled every 100 ms: far more requests than a client's default allowance.
      RATE_LIMIT_PER_KEY: "0",
      RATE_LIMIT_PER_IP: "0",
    },
  });
  try {
    const client = createClient(service.baseUrl, service.key);
    const pid = service.workerPids[0]!;
    const samples = [await rssMb(pid)];
    let failed = 0;
    const started = performance.now();
    for (const [index, file] of pages.entries()) {
      const { status, body } = await client.uploadPath("/api/v1/jobs", file, { languages: "eng" });
      if (status !== 201 && status !== 202) throw new Error(`submit answered ${status}: ${JSON.stringify(body)}`);
      const job = await waitForJob(client, body.job.id, { intervalMs: 100 });
      if (job.status !== "completed") failed += 1;
      if ((index + 1) % SAMPLE_EVERY === 0) samples.push(await rssMb(pid));
    }
    const seconds = (performance.now() - started) / 1000;
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return {
      samples,
      growth: quarterGrowth(samples.slice(1)),
      seconds,
      failed,
      recycles: sumCounter(metrics, "ocrflow_ocr_engine_recycles_total"),
    };
  } finally {
    await service.close();
  }
}

/** Resident memory of a process now (VmRSS), in MB. */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = status.match(/VmRSS:\s+(\d+) kB/);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** Mean of the last quarter of the samples over the mean of the first quarter, minus 1. */
export function quarterGrowth(samples: number[]): number {
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return mean(samples.slice(-quarter)) / mean(samples.slice(0, quarter)) - 1;
}

function sumCounter(metrics: string, name: string): number {
  return metrics
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}
