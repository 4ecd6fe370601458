import type { BlockList } from "node:net";
import type { Redis } from "ioredis";
import type { Db } from "../db.ts";
import { FINISHED_STATUSES } from "../jobs/job-status.ts";
import { errorFields, type Logger } from "../logger.ts";
import { withTimeout } from "../timeout.ts";
import { createAllowedNetworks } from "./refused-addresses.ts";
import { createWebhookQueue, WEBHOOK_JOB_NAME, type WebhookQueue, webhookEventOf, webhookJobOptions } from "./webhook-queue.ts";

/** Webhook configuration, from the common environment (packages/shared/src/env.ts). */
export interface WebhookSettings {
  /** Unset: webhooks are refused at submit; nothing is ever sent unsigned. */
  secret?: string;
  /** Ranges opened despite the refused ones (WEBHOOK_ALLOWED_NETWORKS). */
  allowedNetworks: BlockList;
  retryDelayMs: number;
}

export function readWebhookSettings(config: {
  WEBHOOK_SECRET?: string;
  WEBHOOK_ALLOWED_NETWORKS: readonly string[];
  WEBHOOK_RETRY_DELAY_MS: number;
}): WebhookSettings {
  return {
    secret: config.WEBHOOK_SECRET,
    allowedNetworks: createAllowedNetworks(config.WEBHOOK_ALLOWED_NETWORKS),
    retryDelayMs: config.WEBHOOK_RETRY_DELAY_MS,
  };
}

/** What enqueues webhooks, on either side: the rows, the queue, the settings. */
export interface WebhookOutbox {
  db: Db;
  queue: WebhookQueue;
  logger: Logger;
  settings: WebhookSettings;
}

/** "pending" while a job with a webhook owes one (written with the row, so a crash loses nothing). */
export function owedWebhookState(webhookUrl: string | null | undefined): "pending" | null {
  return webhookUrl ? "pending" : null;
}

// A request or job attempt must not hang on a lost Redis: the sweep catches up.
const ENQUEUE_TIMEOUT_MS = 3_000;

/**
 * Queues the webhook of each of `jobs` that is in a final state and still
 * owes one; call it right after the final-state write. Never throws: what
 * fails here stays `pending` on the row and the worker's sweep enqueues it.
 * A job given with `webhookUrl: null` is skipped without a query.
 */
export async function enqueueWebhooks(
  outbox: WebhookOutbox | undefined,
  jobs: readonly { id: string; webhookUrl?: string | null }[],
): Promise<void> {
  const ids = jobs.filter((job) => job.webhookUrl !== null).map((job) => job.id);
  if (!outbox || ids.length === 0) return;
  try {
    const due = await outbox.db.job.findMany({
      where: { id: { in: ids }, webhookState: "pending", status: { in: [...FINISHED_STATUSES] } },
      select: { id: true, status: true, finishedAt: true },
    });
    const entries = due.flatMap((job) => {
      const event = webhookEventOf(job.status);
      if (!event) return [];
      return [
        { name: WEBHOOK_JOB_NAME, data: { jobId: job.id, event }, opts: webhookJobOptions(job, event, outbox.settings.retryDelayMs) },
      ];
    });
    if (entries.length === 0) return;
    await withTimeout(outbox.queue.addBulk(entries), ENQUEUE_TIMEOUT_MS, "enqueueing webhooks");
  } catch (error) {
    outbox.logger.warn("could not enqueue webhooks; the sweep will", { jobIds: ids.slice(0, 50), ...errorFields(error) });
  }
}

/** The outbox of a process: the webhook queue on `connection`, beside the rows. */
export function createWebhookOutbox(
  connection: Redis,
  prefix: string,
  deps: { db: Db; logger: Logger },
  settings: WebhookSettings,
): WebhookOutbox {
  return { ...deps, settings, queue: createWebhookQueue(connection, prefix, deps.logger) };
}
