import { Redis, type RedisOptions } from "ioredis";

/**
 * Redis connections as BullMQ's production guide asks: a worker's connection
 * retries forever (`maxRetriesPerRequest: null`) so it survives a Redis
 * restart; a producer's (the API's) fails fast so requests answer 503
 * instead of hanging while Redis is down.
 */
export function createRedis(url: string, role: "worker" | "producer"): Redis {
  const options: RedisOptions =
    role === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  return new Redis(url, { ...options, lazyConnect: false });
}
