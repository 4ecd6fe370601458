import { Worker } from "bullmq";
import { OCR_QUEUE_NAMES, type OcrJobPayload } from "@ocrflow/shared/queues";
import { type Logger, throttledErrorLog } from "@ocrflow/shared/logger";
import { createRedis } from "@ocrflow/shared/redis";
import type { OcrJobDeps } from "./jobs/process-ocr-job.ts";
import { createOcrDocumentProcessor } from "./processors/ocr-document.processor.ts";

export interface StartWorkersOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  logger: Logger;
}

/** One BullMQ worker per OCR queue, all feeding the same OCR engine. */
export function startWorkers(deps: OcrJobDeps, options: StartWorkersOptions): Worker<OcrJobPayload>[] {
  const processor = createOcrDocumentProcessor(deps);
  return OCR_QUEUE_NAMES.map((queueName) => {
    const worker = new Worker<OcrJobPayload>(queueName, processor, {
      connection: createRedis(options.redisUrl, "worker"),
      prefix: options.prefix,
      concurrency: options.concurrency,
    });
    worker.on("error", throttledErrorLog(options.logger, "worker error", { queue: queueName }));
    worker.on("failed", (job, error) =>
      options.logger.debug("queue job failed", { queue: queueName, jobId: job?.id, error: error.message }),
    );
    return worker;
  });
}

/** Stops taking jobs and waits for the running ones (BullMQ's graceful close). */
export async function closeWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.close()));
}
