import { OcrflowError } from "@ocrflow/shared/errors";
import type { Db, Job } from "@ocrflow/shared/db";
import { encodeLanguages } from "@ocrflow/shared/encoding";
import { assertLanguagesUsable, type LanguageCatalog } from "@ocrflow/shared/languages";
import { errorFields, type Logger } from "@ocrflow/shared/logger";
import { OCR_JOB_NAME, ocrJobOptions, priorityNameOf } from "@ocrflow/shared/queues";
import { withTimeout } from "@ocrflow/shared/timeout";
import type { JobOptions } from "@ocrflow/shared/validators";
import type { OcrQueues } from "../queue/ocr-queues.ts";

const ENQUEUE_TIMEOUT_MS = 3_000;

export interface SubmitJobDeps {
  db: Db;
  queues: OcrQueues;
  logger: Logger;
  languages: LanguageCatalog;
  maxAttempts: number;
}

/**
 * Writes the job row, then enqueues its id (the database is the source of
 * truth). When Redis refuses the job the row is removed again and the caller
 * gets a 503: a job is either queued in both places or in neither.
 */
export async function submitJob(deps: SubmitJobDeps, ownerId: string, documentId: string, options: JobOptions): Promise<Job> {
  assertLanguagesUsable(deps.languages, options.languages);
  const document = await deps.db.document.findFirst({ where: { id: documentId, ownerId, deletedAt: null }, select: { id: true } });
  if (!document) throw new OcrflowError("NOT_FOUND", "No such document");

  const job = await deps.db.job.create({
    data: {
      ownerId,
      documentId,
      status: "queued",
      priority: options.priority,
      languages: encodeLanguages(options.languages),
      webhookUrl: options.webhookUrl,
      maxAttempts: deps.maxAttempts,
    },
  });
  try {
    const queue = deps.queues[priorityNameOf(job.priority)];
    // BullMQ waits for a lost connection to come back; a request must not.
    await withTimeout(
      queue.add(OCR_JOB_NAME, { jobId: job.id }, ocrJobOptions(job.id, job.priority, job.maxAttempts)),
      ENQUEUE_TIMEOUT_MS,
      "enqueue",
    );
  } catch (error) {
    deps.logger.error("enqueue failed", { jobId: job.id, ...errorFields(error) });
    await deps.db.job.delete({ where: { id: job.id } });
    throw new OcrflowError("DEPENDENCY_UNAVAILABLE", "The job queue is unavailable; try again later", { cause: error });
  }
  return job;
}
