import type { Queue } from "bullmq";
import type { AppDeps } from "../deps.ts";

/**
 * Every queue the service has, for Bull Board and the queue-depth metrics:
 * add a new queue here and both show it.
 */
export function serviceQueues(deps: Pick<AppDeps, "queues" | "webhooks">): Queue[] {
  return [...Object.values(deps.queues), deps.webhooks.queue as Queue];
}
