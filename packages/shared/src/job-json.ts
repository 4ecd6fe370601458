import type { Job } from "./db.ts";
import { decodeLanguages } from "./encoding.ts";
import { priorityNameOf } from "./queues.ts";

/** The API's Job, as API.md gives it; webhooks send the same object. */
export function jobJson(job: Job) {
  return {
    id: job.id,
    documentId: job.documentId,
    batchId: job.batchId,
    status: job.status,
    progress: job.progress,
    priority: priorityNameOf(job.priority),
    languages: decodeLanguages(job.languages),
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    cached: job.cached,
    error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? "" } : null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
export type JobJson = ReturnType<typeof jobJson>;
