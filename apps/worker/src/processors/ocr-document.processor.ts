import { UnrecoverableError, type Job, type Processor } from "bullmq";
import { ocrJobPayloadSchema, type OcrJobPayload } from "@ocrflow/shared/queues";
import { classifyFailure } from "../jobs/classify-failure.ts";
import { recordJobFailure } from "../jobs/job-events.ts";
import { processOcrJob, type OcrJobDeps } from "../jobs/process-ocr-job.ts";

/** The BullMQ processor of the three OCR queues: parse, run, map the outcome. */
export function createOcrDocumentProcessor(deps: OcrJobDeps): Processor<OcrJobPayload> {
  return async (bullJob: Job<OcrJobPayload>, _token?: string, signal?: AbortSignal) => {
    const payload = ocrJobPayloadSchema.safeParse(bullJob.data);
    if (!payload.success) throw new UnrecoverableError(`invalid payload: ${payload.error.message}`);
    const { jobId } = payload.data;
    const attempt = bullJob.attemptsMade + 1;
    try {
      await processOcrJob(deps, { jobId, attempt, signal, reportProgress: (progress) => bullJob.updateProgress(progress) });
    } catch (error) {
      const failure = classifyFailure(error);
      const final = !failure.retryable || attempt >= (bullJob.opts.attempts ?? 1);
      deps.logger.warn("job attempt failed", { jobId, attempt, final, code: failure.code, error: failure.message });
      await recordJobFailure(deps.db, jobId, failure, final);
      if (!failure.retryable) throw new UnrecoverableError(failure.message);
      throw error;
    }
  };
}
