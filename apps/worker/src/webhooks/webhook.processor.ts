import { type Job, type Processor, UnrecoverableError } from "bullmq";
import { errorFields, type Logger } from "@ocrflow/shared/logger";
import { type WebhookPayload, webhookPayloadSchema } from "@ocrflow/shared/webhooks";
import { type DeliverWebhookDeps, deliverWebhook, markWebhookFailed } from "./deliver-webhook.ts";
import { isRetryableDelivery } from "./webhook-errors.ts";

/**
 * The processor of the webhook queue: parse, deliver, map the outcome. A
 * refused target, a missing secret or a 4xx other than 408/429 fails at once
 * (UnrecoverableError); anything else is retried with the entry's backoff.
 * The last failure marks the row `failed`, so the sweep stops offering it.
 */
export function createWebhookProcessor(deps: DeliverWebhookDeps & { logger: Logger }): Processor<WebhookPayload> {
  return async (bullJob: Job<WebhookPayload>) => {
    const payload = webhookPayloadSchema.safeParse(bullJob.data);
    if (!payload.success) throw new UnrecoverableError(`invalid payload: ${payload.error.message}`);
    const { jobId, event } = payload.data;
    const attempt = bullJob.attemptsMade + 1;
    try {
      const delivered = await deliverWebhook(deps, payload.data);
      if (delivered.outcome === "delivered") deps.logger.info("webhook delivered", { jobId, event, attempt, status: delivered.status });
      else deps.logger.info("webhook not sent", { jobId, event, reason: delivered.reason });
    } catch (error) {
      const retryable = isRetryableDelivery(error);
      const final = !retryable || attempt >= (bullJob.opts.attempts ?? 1);
      deps.logger.warn(final ? "webhook failed" : "webhook attempt failed; will retry", {
        jobId,
        event,
        attempt,
        final,
        ...errorFields(error),
      });
      if (final) await markWebhookFailed(deps.db, jobId);
      if (!retryable) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  };
}
