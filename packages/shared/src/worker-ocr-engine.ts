import type { Redis } from "ioredis";
import { WORKER_HEARTBEAT_TTL_MS } from "./worker-heartbeat.ts";

/** The OCR backend a worker process reads its default language with, and why it was chosen (OCR_ENGINE). */
export type WorkerOcrEngine = { backend: string; reason: string };

/** Hash of an installation's workers' OCR backends: field = worker id, value = WorkerOcrEngine as JSON. */
export function workerOcrEnginesKey(prefix: string): string {
  return `${prefix}:workers:ocr-engine`;
}

/** Written with each heartbeat: the hash lives while any worker beats, and readers keep only the alive workers' fields. */
export async function recordWorkerOcrEngine(redis: Redis, prefix: string, workerId: string, engine: WorkerOcrEngine): Promise<void> {
  await redis
    .multi()
    .hset(workerOcrEnginesKey(prefix), workerId, JSON.stringify(engine))
    .pexpire(workerOcrEnginesKey(prefix), WORKER_HEARTBEAT_TTL_MS)
    .exec();
}

export async function removeWorkerOcrEngine(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await redis.hdel(workerOcrEnginesKey(prefix), workerId);
}

/** The backends of the given (alive) workers, in their order; a worker that has not said is left out. */
export async function readWorkerOcrEngines(
  redis: Redis,
  prefix: string,
  workerIds: readonly string[],
): Promise<(WorkerOcrEngine & { workerId: string })[]> {
  if (workerIds.length === 0) return [];
  const values = await redis.hmget(workerOcrEnginesKey(prefix), ...workerIds);
  return workerIds.flatMap((workerId, index) => {
    const value = values[index];
    return value ? [{ workerId, ...(JSON.parse(value) as WorkerOcrEngine) }] : [];
  });
}
