import type { Redis } from "ioredis";
import { z } from "zod";
import { withTimeout } from "@ocrflow/shared/timeout";
import { type AliveWorker, listAliveWorkers } from "@ocrflow/shared/worker-heartbeat";
import { CHECK_TIMEOUT_MS } from "./check-dependencies.ts";

/** GET /health/workers?min=N: fewer than N workers alive answers 503 [1]. */
export const workersQuerySchema = z.object({ min: z.coerce.number().int().min(0).max(1_000).default(1) });

/** The worker processes alive from their heartbeats, or undefined when Redis does not answer in time. */
export async function readAliveWorkers(redis: Redis, prefix: string): Promise<AliveWorker[] | undefined> {
  return withTimeout(listAliveWorkers(redis, prefix), CHECK_TIMEOUT_MS, "reading worker heartbeats").catch(() => undefined);
}
