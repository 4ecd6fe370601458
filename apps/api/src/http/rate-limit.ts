import type { Request, RequestHandler, Response } from "express";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { OcrflowError } from "@ocrflow/shared/errors";
import { type Logger, throttledErrorLog } from "@ocrflow/shared/logger";
import { withTimeout } from "@ocrflow/shared/timeout";
import type { ApiConfig } from "../config.ts";
import { clientAddressOf } from "./client-address.ts";

/** A Redis answer slower than this counts the request in memory instead: a limiter never holds a request up. */
const REDIS_TIMEOUT_MS = 300;
/** After Redis failed, requests count in memory this long before Redis is asked again, so each one is not held up. */
const REDIS_BACKOFF_MS = 5_000;

type LimitName = "ip" | "key";

/** Where a limit's counters live: under QUEUE_PREFIX, so installations sharing a Redis never share counts. */
export function rateLimitKeyPrefix(queuePrefix: string, limit: LimitName): string {
  return `${queuePrefix}:rate-limit:${limit}`;
}

interface RateLimitDeps {
  config: Pick<ApiConfig, "QUEUE_PREFIX" | "RATE_LIMIT_PER_IP" | "RATE_LIMIT_PER_KEY" | "RATE_LIMIT_WINDOW_S">;
  redis: Redis;
  logger: Logger;
}

/**
 * Counts a request against a limit in Redis, shared by every API instance.
 * Resolves while under the limit and rejects with a RateLimiterRes over it.
 * When Redis fails or is slow the count goes to this process's memory: the
 * limit still holds per instance, and the request is neither held nor failed.
 */
function createCounter(deps: RateLimitDeps, limit: LimitName, points: number) {
  const duration = deps.config.RATE_LIMIT_WINDOW_S;
  const keyPrefix = rateLimitKeyPrefix(deps.config.QUEUE_PREFIX, limit);
  const shared = new RateLimiterRedis({ storeClient: deps.redis, keyPrefix, points, duration, rejectIfRedisNotReady: true });
  const local = new RateLimiterMemory({ keyPrefix, points, duration });
  const logFallback = throttledErrorLog(deps.logger, "rate limit counted in memory: Redis did not answer", { limit });
  let sharedAgainAt = 0;
  return async (key: string): Promise<RateLimiterRes> => {
    if (Date.now() < sharedAgainAt) return local.consume(key);
    try {
      return await withTimeout(shared.consume(key), REDIS_TIMEOUT_MS, "rate limit count");
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) throw outcome;
      logFallback(outcome);
      sharedAgainAt = Date.now() + REDIS_BACKOFF_MS;
      return local.consume(key);
    }
  };
}

function secondsUntilReset(outcome: RateLimiterRes): number {
  return Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
}

/** RateLimit-* headers (IETF draft 6) of whichever limit has the fewest requests left. */
function setLimitHeaders(res: Response, points: number, windowS: number, outcome: RateLimiterRes): void {
  const shown = res.getHeader("RateLimit-Remaining");
  if (shown !== undefined && Number(shown) <= outcome.remainingPoints) return;
  res.set({
    "RateLimit-Policy": `${points};w=${windowS}`,
    "RateLimit-Limit": String(points),
    "RateLimit-Remaining": String(outcome.remainingPoints),
    "RateLimit-Reset": String(secondsUntilReset(outcome)),
  });
}

function limitRequests(deps: RateLimitDeps, limit: LimitName, points: number, keyOf: (req: Request) => string): RequestHandler {
  if (points === 0) return (_req, _res, next) => next();
  const count = createCounter(deps, limit, points);
  const windowS = deps.config.RATE_LIMIT_WINDOW_S;
  return async (req, res, next) => {
    let outcome: RateLimiterRes;
    try {
      outcome = await count(keyOf(req));
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      const retryAfter = secondsUntilReset(refused);
      setLimitHeaders(res, points, windowS, refused);
      res.set("Retry-After", String(retryAfter));
      const per = limit === "ip" ? "client address" : "API key";
      throw new OcrflowError("RATE_LIMITED", `Too many requests for this ${per}; retry in ${retryAfter} s`, {
        details: { limit: points, windowSeconds: windowS, retryAfterSeconds: retryAfter },
      });
    }
    setLimitHeaders(res, points, windowS, outcome);
    next();
  };
}

/**
 * The two request limits: per client address, mounted before authentication
 * (so refused keys count too), and per API key, mounted after it. A limit of
 * 0 is off.
 */
export function createRateLimits(deps: RateLimitDeps): { perIp: RequestHandler; perKey: RequestHandler } {
  return {
    perIp: limitRequests(deps, "ip", deps.config.RATE_LIMIT_PER_IP, (req) => clientAddressOf(req.ip)),
    perKey: limitRequests(deps, "key", deps.config.RATE_LIMIT_PER_KEY, (req) => {
      if (!req.user) throw new OcrflowError("UNAUTHORIZED", "A valid API key is required");
      return req.user.keyId;
    }),
  };
}
