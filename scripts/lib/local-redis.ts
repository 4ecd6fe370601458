// Makes sure a Redis answers at a URL: when none does and the URL is on this
// machine, starts redis-server for it. Used by `pnpm start` and the tests.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const START_TIMEOUT_MS = 5_000;

export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface LocalRedisOptions {
  /** Folder for its append-only file; without one it keeps nothing on disk. */
  dataDir?: string;
  log: (message: string) => void;
}

/**
 * The redis-server command line serving a loopback URL (noeviction, as
 * BullMQ needs). Throws with what to do when the URL is elsewhere or
 * redis-server is not installed.
 */
export function localRedisCommand(url: string, dataDir?: string): { command: string; args: string[] } {
  const { hostname, port } = new URL(url);
  if (!LOOPBACK_HOSTS.has(hostname)) throw new Error(`Redis at ${url} does not answer; start it or set REDIS_URL.`);
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error(
      `No Redis answers at ${url} and redis-server is not installed. Install it (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL.`,
    );
  }
  const args = ["--bind", "127.0.0.1", "--port", port || "6379", "--save", "", "--maxmemory-policy", "noeviction"];
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    args.push("--appendonly", "yes", "--dir", path.resolve(dataDir));
  } else {
    args.push("--appendonly", "no");
  }
  return { command: "redis-server", args };
}

/** Waits until the Redis a process was started for answers; fails when `exitedWith()` says it ended first, or after 5 s. */
export async function waitForLocalRedis(url: string, exitedWith: () => string | undefined): Promise<void> {
  for (let waited = 0; waited < START_TIMEOUT_MS; waited += 100) {
    const exit = exitedWith();
    if (exit) throw new Error(`redis-server exited with ${exit}`);
    if (await redisAnswers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not answer at ${url} within ${START_TIMEOUT_MS / 1000} s`);
}

/**
 * Returns the child process when it had to start one, null when a Redis was
 * already there. Throws with what to do when it cannot start one.
 */
export async function ensureRedis(url: string, options: LocalRedisOptions): Promise<ChildProcess | null> {
  if (await redisAnswers(url)) return null;
  const { command, args } = localRedisCommand(url, options.dataDir);
  options.log(`starting redis-server on 127.0.0.1:${new URL(url).port || "6379"}`);
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
  try {
    await waitForLocalRedis(url, () => (child.exitCode === null ? undefined : `code ${child.exitCode}`));
    return child;
  } catch (error) {
    child.kill();
    throw error;
  }
}
