import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { FINISHED_STATUSES } from "../jobs/job-status.ts";
import { type Logger, throttledErrorLog } from "../logger.ts";
import { withTimeout } from "../timeout.ts";

/** The webhook queue and its job name. Both are permanent: jobs in Redis carry them. */
export const WEBHOOK_QUEUE = "webhooks";
export const WEBHOOK_JOB_NAME = "deliver-webhook";

/** The event sent for each final status of a job. */
export const WEBHOOK_EVENTS = {
  completed: "job.completed",
  failed: "job.failed",
  cancelled: "job.cancelled",
} as const satisfies Record<(typeof FINISHED_STATUSES)[number], string>;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[keyof typeof WEBHOOK_EVENTS];

/** The event of a job in `status`, or undefined while the job is not final. */
export function webhookEventOf(status: string): WebhookEvent | undefined {
  return Object.hasOwn(WEBHOOK_EVENTS, status) ? WEBHOOK_EVENTS[status as keyof typeof WEBHOOK_EVENTS] : undefined;
}

/** Ids only: the delivery reads the job's row and its webhookUrl when it runs. */
export const webhookPayloadSchema = z.object({
  jobId: z.uuid(),
  event: z.enum(Object.values(WEBHOOK_EVENTS) as [WebhookEvent, ...WebhookEvent[]]),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type WebhookQueue = Queue<WebhookPayload>;

/** Delays double from WEBHOOK_RETRY_DELAY_MS: with 10 s, the last try is about 21 minutes after the first. */
export const WEBHOOK_ATTEMPTS = 8;

/**
 * One entry per final state of a job: the id names the job, the event and
 * when the job finished, so the sweep re-adding it is a no-op while the entry
 * lives, and a job retried and finished again gets a delivery of its own.
 * (BullMQ custom ids may not contain ':'.)
 */
export function webhookJobOptions(job: { id: string; finishedAt: Date | null }, event: WebhookEvent, retryDelayMs: number) {
  return {
    jobId: `${job.id}-${event}-${job.finishedAt?.getTime() ?? 0}`,
    attempts: WEBHOOK_ATTEMPTS,
    backoff: { type: "exponential", delay: retryDelayMs },
    // The database keeps whether it was delivered; Redis keeps only a bounded tail.
    removeOnComplete: { count: 1_000 },
    removeOnFail: { count: 5_000 },
  } as const;
}

export function createWebhookQueue(connection: Redis, prefix: string, logger: Logger): WebhookQueue {
  const queue = new Queue<WebhookPayload>(WEBHOOK_QUEUE, { connection, prefix });
  queue.on("error", throttledErrorLog(logger, "queue error", { queue: WEBHOOK_QUEUE }));
  return queue;
}

const CLOSE_TIMEOUT_MS = 5_000;

/** Closes the queue; gives up waiting after a few seconds when Redis is gone. */
export async function closeWebhookQueue(queue: WebhookQueue): Promise<void> {
  await withTimeout(queue.close(), CLOSE_TIMEOUT_MS, "closing the webhook queue").catch(() => undefined);
}
