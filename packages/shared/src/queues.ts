import { z } from "zod";
import { DEFAULT_MAX_ATTEMPTS, type PriorityName } from "./constants.ts";

/** OCR queues, most urgent first. Names are permanent: jobs in Redis carry them. */
export const OCR_QUEUES = { high: "ocr-high", normal: "ocr-normal", low: "ocr-low" } as const satisfies Record<PriorityName, string>;
export type OcrQueueName = (typeof OCR_QUEUES)[PriorityName];
export const OCR_QUEUE_NAMES: readonly OcrQueueName[] = [OCR_QUEUES.high, OCR_QUEUES.normal, OCR_QUEUES.low];

/** The BullMQ job name inside every OCR queue. */
export const OCR_JOB_NAME = "ocr-document";

/** Default Redis key prefix; tests and shared Redis servers set their own. */
export const DEFAULT_QUEUE_PREFIX = "ocrflow";

/** Payloads carry ids only: the database row holds the options. */
export const ocrJobPayloadSchema = z.object({ jobId: z.uuid() });
export type OcrJobPayload = z.infer<typeof ocrJobPayloadSchema>;

/** Which queue an integer priority (0-10, 10 most urgent) goes to. */
export function priorityNameOf(priority: number): PriorityName {
  if (priority >= 7) return "high";
  if (priority >= 4) return "normal";
  return "low";
}

/** BullMQ orders lower numbers first (1 is the most urgent; 0 means none). */
export function bullPriorityOf(priority: number): number {
  return 11 - priority;
}

export const OCR_BACKOFF_DELAY_MS = 2_000;

export function ocrJobOptions(jobId: string, priority: number, attempts = DEFAULT_MAX_ATTEMPTS) {
  return {
    jobId,
    priority: bullPriorityOf(priority),
    attempts,
    backoff: { type: "exponential", delay: OCR_BACKOFF_DELAY_MS },
    // The database keeps the history; Redis keeps only a bounded tail.
    removeOnComplete: { count: 1_000 },
    removeOnFail: { count: 5_000 },
  } as const;
}
