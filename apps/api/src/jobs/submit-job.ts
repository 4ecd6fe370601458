import { type Db, type Document, type Job, sql } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import { assertLanguagesUsable, type LanguageCatalog } from "@ocrflow/shared/languages";
import type { Logger } from "@ocrflow/shared/logger";
import type { JobOptions } from "@ocrflow/shared/validators";
import { assertWebhookUrlAccepted, enqueueWebhooks, type WebhookOutbox } from "@ocrflow/shared/webhooks";
import type { ApiMetrics } from "../metrics/api-metrics.ts";
import type { OcrQueues } from "../queue/ocr-queues.ts";
import { createJobs, discardJobs } from "./create-jobs.ts";
import { enqueueJobs } from "./enqueue-jobs.ts";

export interface SubmitJobDeps {
  db: Db;
  queues: OcrQueues;
  logger: Logger;
  languages: LanguageCatalog;
  maxAttempts: number;
  metrics?: Pick<ApiMetrics, "recordCacheLookup">;
  webhooks: WebhookOutbox;
}

/**
 * Writes the job row, then enqueues its id (the database is the source of
 * truth); content already OCRed with these languages is answered from the
 * result cache without enqueueing. When Redis refuses the job the row is
 * removed again and the caller gets a 503.
 */
export async function submitJob(deps: SubmitJobDeps, ownerId: string, documentId: string, options: JobOptions): Promise<Job> {
  assertLanguagesUsable(deps.languages, options.languages);
  assertWebhookUrlAccepted(deps.webhooks.settings, options.webhookUrl);
  const [document] = await deps.db.$queryRaw<Pick<Document, "id" | "sha256">[]>(
    sql`SELECT "id", "sha256" FROM "Document" WHERE "id" = ${documentId} AND "ownerId" = ${ownerId} AND "deletedAt" IS NULL`,
  );
  if (!document) throw new OcrflowError("NOT_FOUND", "No such document");

  const [job] = await createJobs(deps.db, {
    ownerId,
    options,
    maxAttempts: deps.maxAttempts,
    onCacheLookup: deps.metrics?.recordCacheLookup,
    documents: [document],
  });
  try {
    await enqueueJobs(deps, [job]);
  } catch (error) {
    await discardJobs(deps.db, [job.id]);
    throw error;
  }
  await enqueueWebhooks(deps.webhooks, [job]);
  return job;
}
