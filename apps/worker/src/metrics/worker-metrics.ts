import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** How one attempt of a job ended. */
export type AttemptOutcome = "completed" | "failed" | "retrying" | "cancelled" | "handed-back";

// OCR takes seconds to minutes per document.
const JOB_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];

/**
 * What the job loop reports; every call is cheap and synchronous. One
 * Registry per process, never prom-client's global one.
 */
export interface WorkerMetrics {
  registry: Registry;
  /** An attempt ended: its queue, how it ended and how long it ran. */
  jobFinished(attempt: { queue: string; outcome: AttemptOutcome; seconds: number }): void;
  /** Pages OCRed (call per page as it is stored, or once per attempt with its count). */
  pagesProcessed(count: number): void;
  /** An attempt failed with this error code; `final` when no retry follows. */
  ocrFailed(code: string, final: boolean): void;
  /** Jobs the reconciler found missing from their queue and enqueued again. */
  jobsReenqueued(count: number): void;
  /** A tesseract.js worker was replaced by a fresh one to give back its memory ("pages" or "rss"). */
  engineRecycled(reason: string): void;
}

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "worker" });
  collectDefaultMetrics({ register: registry });

  const jobDuration = new Histogram({
    name: "ocrflow_job_duration_seconds",
    help: "Duration of job attempts by queue and outcome",
    labelNames: ["queue", "outcome"] as const,
    buckets: JOB_BUCKETS,
    registers: [registry],
  });
  const pages = new Counter({
    name: "ocrflow_pages_processed_total",
    help: "Pages OCRed by this worker process",
    registers: [registry],
  });
  const failures = new Counter({
    name: "ocrflow_ocr_failures_total",
    help: "Failed job attempts by error code; final=true when the job failed for good",
    labelNames: ["code", "final"] as const,
    registers: [registry],
  });

  const recycles = new Counter({
    name: "ocrflow_ocr_engine_recycles_total",
    help: "tesseract.js workers replaced by fresh ones to give back memory, by reason (pages, rss)",
    labelNames: ["reason"] as const,
    registers: [registry],
  });

  const reenqueued = new Counter({
    name: "ocrflow_jobs_reenqueued_total",
    help: "Jobs active in the database but missing from their queue (Redis restarted empty or wiped), enqueued again",
    registers: [registry],
  });

  return {
    registry,
    jobFinished: ({ queue, outcome, seconds }) => jobDuration.observe({ queue, outcome }, seconds),
    pagesProcessed: (count) => pages.inc(count),
    ocrFailed: (code, final) => failures.inc({ code, final: String(final) }),
    jobsReenqueued: (count) => reenqueued.inc(count),
    engineRecycled: (reason) => recycles.inc({ reason }),
  };
}
