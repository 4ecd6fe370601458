import type { Redis } from "ioredis";
import { idSchema } from "./validators/ids.ts";
import { createRedis } from "./redis.ts";

/**
 * The Redis pub/sub channel on which the API tells every worker process that a
 * job was cancelled. A message can be missed (a worker reconnecting), so the
 * database status stays the authority: workers also check it between pages.
 */
export function jobCancelChannel(prefix: string): string {
  return `${prefix}:control:job-cancel`;
}

export async function publishJobCancel(redis: Redis, prefix: string, jobId: string): Promise<void> {
  await redis.publish(jobCancelChannel(prefix), jobId);
}

/** Calls `onCancel(jobId)` for every cancel published; returns the unsubscriber. */
export async function subscribeToJobCancels(
  redisUrl: string,
  prefix: string,
  onCancel: (jobId: string) => void,
  onError: (error: Error) => void,
): Promise<() => Promise<void>> {
  const subscriber = createRedis(redisUrl, "worker");
  subscriber.on("error", onError);
  const channel = jobCancelChannel(prefix);
  subscriber.on("message", (from, message) => {
    const jobId = idSchema.safeParse(message);
    if (from === channel && jobId.success) onCancel(jobId.data);
  });
  await subscriber.subscribe(channel);
  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
