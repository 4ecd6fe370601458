import { enqueueWebhooks, type WebhookOutbox } from "@ocrflow/shared/webhooks";

/** A final state younger than this is still being enqueued by whoever wrote it. */
export const SWEEP_MIN_AGE_MS = 5_000;
// Deliveries end within about 21 minutes (8 tries); a row pending far longer is left alone.
const SWEEP_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const SWEEP_BATCH = 500;

/**
 * Enqueues the webhooks still pending some seconds after their job's final
 * state: those whose enqueue was lost to a crash or a Redis outage. Entries
 * still in the queue are not added twice (their BullMQ id is fixed), so
 * running it often is cheap: one indexed query over the pending rows.
 */
export async function sweepWebhooks(outbox: WebhookOutbox, minAgeMs = SWEEP_MIN_AGE_MS): Promise<number> {
  const now = Date.now();
  const due = await outbox.db.job.findMany({
    where: { webhookState: "pending", finishedAt: { lte: new Date(now - minAgeMs), gt: new Date(now - SWEEP_MAX_AGE_MS) } },
    select: { id: true },
    orderBy: { finishedAt: "asc" },
    take: SWEEP_BATCH,
  });
  await enqueueWebhooks(outbox, due);
  return due.length;
}
