import type { Redis } from "ioredis";
import { z } from "zod";
import { withTimeout } from "@ocrflow/shared/timeout";
import { type AliveWorker, listAliveWorkers } from "@ocrflow/shared/worker-heartbeat";
import { readWorkerOcrEngines, type WorkerOcrEngine } from "@ocrflow/shared/worker-ocr-engine";
import { CHECK_TIMEOUT_MS } from "./check-dependencies.ts";

/** GET /health/workers?min=N: fewer than N workers alive answers 503 [1]. */
export const workersQuerySchema = z.object({ min: z.coerce.number().int().min(0).max(1_000).default(1) });

/** The worker processes alive from their heartbeats, or undefined when Redis does not answer in time. */
export async function readAliveWorkers(redis: Redis, prefix: string): Promise<AliveWorker[] | undefined> {
  return withTimeout(listAliveWorkers(redis, prefix), CHECK_TIMEOUT_MS, "reading worker heartbeats").catch(() => undefined);
}

/** The OCR backend of each worker alive (OCR_ENGINE's choice and reason), or undefined when Redis does not answer in time. */
export async function readAliveOcrEngines(redis: Redis, prefix: string): Promise<(WorkerOcrEngine & { workerId: string })[] | undefined> {
  const read = async () =>
    readWorkerOcrEngines(
      redis,
      prefix,
      (await listAliveWorkers(redis, prefix)).map((worker) => worker.id),
    );
  return withTimeout(read(), CHECK_TIMEOUT_MS, "reading the workers' OCR engines").catch(() => undefined);
}

/** How many alive workers run each OCR backend, for /metrics. */
export async function countOcrBackends(redis: Redis, prefix: string): Promise<Map<string, number> | undefined> {
  const engines = await readAliveOcrEngines(redis, prefix);
  if (!engines) return undefined;
  const counts = new Map<string, number>();
  for (const { backend } of engines) counts.set(backend, (counts.get(backend) ?? 0) + 1);
  return counts;
}
