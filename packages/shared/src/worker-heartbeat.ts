import type { Redis } from "ioredis";

/**
 * Which worker processes are alive, whatever started them: each one records a
 * heartbeat in Redis every WORKER_HEARTBEAT_INTERVAL_MS and stays listed for
 * WORKER_HEARTBEAT_TTL_MS after its last one. A worker that stops cleanly
 * removes itself; one killed outright, frozen or cut off from Redis drops out
 * within the TTL. (BullMQ's `Queue.getWorkers()` reads CLIENT LIST instead: a
 * killed process vanishes from it at once, but a frozen one or a host gone
 * without closing its sockets stays listed for minutes, and some managed
 * Redis services refuse CLIENT LIST.)
 */
export const WORKER_HEARTBEAT_INTERVAL_MS = 5_000;
export const WORKER_HEARTBEAT_TTL_MS = 15_000;

/** Sorted set of an installation's workers: member = worker id, score = Redis time (ms) its listing ends. */
export function workerHeartbeatsKey(prefix: string): string {
  return `${prefix}:workers:alive`;
}

/** A worker process's id: its host name and pid. */
export function workerIdOf(host: string, pid: number): string {
  return `${host}:${pid}`;
}

export interface AliveWorker {
  id: string;
  host: string;
  pid: number;
  lastHeartbeatAt: Date;
}

// Redis's own clock (TIME), so hosts whose clocks disagree still agree on who is alive.
const NOW_MS = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";
const RECORD = `${NOW_MS}
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
redis.call('ZADD', KEYS[1], string.format('%d', now + ttl), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1`;
const LIST = `${NOW_MS}
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. string.format('%d', now), '+inf', 'WITHSCORES')`;

/** Lists (or keeps listing) one worker for the next WORKER_HEARTBEAT_TTL_MS, and drops the ones past theirs. */
export async function recordWorkerHeartbeat(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await redis.eval(RECORD, 1, workerHeartbeatsKey(prefix), workerId, WORKER_HEARTBEAT_TTL_MS);
}

/** Unlists a worker at once (it is stopping). */
export async function removeWorkerHeartbeat(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await redis.zrem(workerHeartbeatsKey(prefix), workerId);
}

/** The workers whose last heartbeat is younger than the TTL, by id. */
export async function listAliveWorkers(redis: Redis, prefix: string): Promise<AliveWorker[]> {
  const flat = (await redis.eval(LIST, 1, workerHeartbeatsKey(prefix))) as string[];
  const workers: AliveWorker[] = [];
  for (let index = 0; index < flat.length; index += 2) {
    const id = flat[index]!;
    const separator = id.lastIndexOf(":");
    workers.push({
      id,
      host: id.slice(0, separator),
      pid: Number(id.slice(separator + 1)),
      lastHeartbeatAt: new Date(Number(flat[index + 1]) - WORKER_HEARTBEAT_TTL_MS),
    });
  }
  return workers.sort((a, b) => a.id.localeCompare(b.id));
}
