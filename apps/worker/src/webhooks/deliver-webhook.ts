import type { Db } from "@ocrflow/shared/db";
import { jobJson } from "@ocrflow/shared/job-json";
import { signWebhookBody, type WebhookPayload, type WebhookSettings, webhookEventOf } from "@ocrflow/shared/webhooks";
import { postWebhook } from "./post-webhook.ts";
import { resolveWebhookTarget } from "./resolve-webhook-target.ts";
import { MissingSecretError, WebhookStatusError } from "./webhook-errors.ts";

export interface DeliverWebhookDeps {
  db: Db;
  settings: WebhookSettings;
}

/** "skipped": nothing is owed any more (row gone, already delivered, or the job moved on to another state). */
export type DeliveryOutcome = { outcome: "delivered"; status: number } | { outcome: "skipped"; reason: string };

/**
 * Sends one webhook: reads the job's row, builds the same Job JSON the API
 * returns, signs the exact body bytes, POSTs them to the checked address and
 * records the delivery. Throws on anything short of a 2xx answer.
 */
export async function deliverWebhook(deps: DeliverWebhookDeps, payload: WebhookPayload): Promise<DeliveryOutcome> {
  const job = await deps.db.job.findUnique({ where: { id: payload.jobId } });
  if (!job?.webhookUrl) return { outcome: "skipped", reason: "job or its webhookUrl is gone" };
  if (job.webhookState !== "pending") return { outcome: "skipped", reason: `webhook already ${job.webhookState}` };
  // Retried meanwhile: the job's next final state sends its own webhook.
  if (webhookEventOf(job.status) !== payload.event) return { outcome: "skipped", reason: `job is ${job.status} now` };
  const { secret } = deps.settings;
  if (!secret) throw new MissingSecretError();

  const target = await resolveWebhookTarget(job.webhookUrl, deps.settings.allowedNetworks);
  const body = JSON.stringify({ event: payload.event, job: jobJson(job) });
  const status = await postWebhook(target, body, signWebhookBody(secret, body));
  if (status < 200 || status >= 300) throw new WebhookStatusError(status);
  await deps.db.job.updateMany({
    where: { id: job.id, webhookState: "pending", finishedAt: job.finishedAt },
    data: { webhookState: "delivered", webhookSentAt: new Date() },
  });
  return { outcome: "delivered", status };
}

/** Gives up on the webhook the job owes (the sweep then leaves it alone). */
export async function markWebhookFailed(db: Db, jobId: string): Promise<void> {
  await db.job.updateMany({ where: { id: jobId, webhookState: "pending" }, data: { webhookState: "failed" } });
}
