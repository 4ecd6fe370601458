import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { PRIORITY_NAMES, type PriorityName } from "@ocrflow/shared/constants";
import { type Logger, throttledErrorLog } from "@ocrflow/shared/logger";
import { OCR_QUEUES, type OcrJobPayload } from "@ocrflow/shared/queues";
import { withTimeout } from "@ocrflow/shared/timeout";

export type OcrQueues = Record<PriorityName, Queue<OcrJobPayload>>;

export function createOcrQueues(connection: Redis, prefix: string, logger: Logger): OcrQueues {
  const entries = PRIORITY_NAMES.map((name) => {
    const queue = new Queue<OcrJobPayload>(OCR_QUEUES[name], { connection, prefix });
    queue.on("error", throttledErrorLog(logger, "queue error", { queue: queue.name }));
    return [name, queue] as const;
  });
  return Object.fromEntries(entries) as OcrQueues;
}

const CLOSE_TIMEOUT_MS = 5_000;

/** Closes the queues; gives up waiting after a few seconds when Redis is gone. */
export async function closeOcrQueues(queues: OcrQueues): Promise<void> {
  await withTimeout(Promise.all(Object.values(queues).map((queue) => queue.close())), CLOSE_TIMEOUT_MS, "closing queues").catch(
    () => undefined,
  );
}
