import { Worker } from "bullmq";
import type { Db } from "@ocrflow/shared/db";
import { type Logger, throttledErrorLog } from "@ocrflow/shared/logger";
import { createRedis } from "@ocrflow/shared/redis";
import {
  closeWebhookQueue,
  createWebhookOutbox,
  WEBHOOK_QUEUE,
  type WebhookOutbox,
  type WebhookPayload,
  type WebhookSettings,
} from "@ocrflow/shared/webhooks";
import { sweepWebhooks } from "./sweep-webhooks.ts";
import { createWebhookProcessor } from "./webhook.processor.ts";

// Deliveries wait on the network, not the CPU: a few at once, beside the OCR slots.
const DELIVERY_CONCURRENCY = 4;
const SWEEP_INTERVAL_MS = 30_000;

export interface WebhookDeliveryOptions {
  redisUrl: string;
  prefix: string;
  db: Db;
  logger: Logger;
  settings: WebhookSettings;
}

export interface WebhookDelivery {
  /** Where this process's OCR side enqueues the webhooks of the jobs it finishes. */
  readonly outbox: WebhookOutbox;
  close(): Promise<void>;
}

/**
 * The webhook side of a worker process: a BullMQ Worker on the webhook
 * queue, and the sweep that enqueues deliveries left pending (every 30 s,
 * and once at start to catch up after a crash).
 */
export function startWebhookDelivery(options: WebhookDeliveryOptions): WebhookDelivery {
  const { db, logger, settings, prefix } = options;
  const connection = createRedis(options.redisUrl, "worker");
  connection.on("error", throttledErrorLog(logger, "webhook redis error"));
  const outbox = createWebhookOutbox(connection, prefix, { db, logger }, settings);
  const worker = new Worker<WebhookPayload>(WEBHOOK_QUEUE, createWebhookProcessor({ db, logger, settings }), {
    connection,
    prefix,
    concurrency: DELIVERY_CONCURRENCY,
  });
  worker.on("error", throttledErrorLog(logger, "queue worker error", { queue: WEBHOOK_QUEUE }));

  const logSweepError = throttledErrorLog(logger, "webhook sweep failed");
  const sweep = () => void sweepWebhooks(outbox).catch(logSweepError);
  const sweepTimer = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweep();

  return {
    outbox,
    async close() {
      clearInterval(sweepTimer);
      await worker.close();
      await closeWebhookQueue(outbox.queue);
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
