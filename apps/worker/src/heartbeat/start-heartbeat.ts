import { hostname } from "node:os";
import { type Logger, throttledErrorLog } from "@ocrflow/shared/logger";
import { createRedis } from "@ocrflow/shared/redis";
import { WORKER_HEARTBEAT_INTERVAL_MS, recordWorkerHeartbeat, removeWorkerHeartbeat, workerIdOf } from "@ocrflow/shared/worker-heartbeat";
import { recordWorkerOcrEngine, removeWorkerOcrEngine, type WorkerOcrEngine } from "@ocrflow/shared/worker-ocr-engine";

export interface Heartbeat {
  readonly workerId: string;
  /** Stops beating and unlists this worker at once. */
  stop(): Promise<void>;
}

/**
 * Says in Redis, every few seconds, that this worker process is alive (read by
 * the API's GET /health/workers). Its connection fails fast: while Redis is
 * away the beats fail (logged, throttled) instead of piling up, and the next
 * one goes out as soon as the connection is back.
 */
export function startHeartbeat(options: { redisUrl: string; prefix: string; logger: Logger; ocrEngine?: WorkerOcrEngine }): Heartbeat {
  const { prefix } = options;
  const workerId = workerIdOf(hostname(), process.pid);
  const redis = createRedis(options.redisUrl, "producer");
  const logFailure = throttledErrorLog(options.logger, "worker heartbeat failed");
  redis.on("error", () => undefined);
  let beating: Promise<void> | undefined;
  const beat = () => {
    beating ??= recordWorkerHeartbeat(redis, prefix, workerId)
      // With the heartbeat, the OCR backend it runs (GET /health/ready, /metrics of the API).
      .then(() => options.ocrEngine && recordWorkerOcrEngine(redis, prefix, workerId, options.ocrEngine))
      .catch(logFailure)
      .finally(() => {
        beating = undefined;
      });
  };
  redis.on("ready", beat);
  const timer = setInterval(beat, WORKER_HEARTBEAT_INTERVAL_MS);
  return {
    workerId,
    async stop() {
      clearInterval(timer);
      redis.off("ready", beat);
      await beating;
      await removeWorkerHeartbeat(redis, prefix, workerId).catch(logFailure);
      await removeWorkerOcrEngine(redis, prefix, workerId).catch(logFailure);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
