// Makes sure a Redis answers at a URL: when none does and the URL is on this
// machine, starts redis-server for it. Used by `pnpm start` and the tests.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

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
 * Returns the child process when it had to start one, null when a Redis was
 * already there. Throws with what to do when it cannot start one.
 */
export async function ensureRedis(url: string, options: LocalRedisOptions): Promise<ChildProcess | null> {
  if (await redisAnswers(url)) return null;
  const { hostname, port } = new URL(url);
  if (!LOOPBACK_HOSTS.has(hostname)) throw new Error(`Redis at ${url} does not answer; start it or set REDIS_URL.`);
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error(
      `No Redis answers at ${url} and redis-server is not installed. Install it (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL.`,
    );
  }
  const args = ["--bind", "127.0.0.1", "--port", port || "6379", "--save", "", "--maxmemory-policy", "noeviction"];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push("--appendonly", "yes", "--dir", path.resolve(options.dataDir));
  } else {
    args.push("--appendonly", "no");
  }
  options.log(`starting redis-server on 127.0.0.1:${port || "6379"}`);
  const child = spawn("redis-server", args, { stdio: ["ignore", "ignore", "inherit"] });
  for (let tries = 0; tries < 50; tries += 1) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    if (await redisAnswers(url)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`redis-server did not answer at ${url} within 5 s`);
}
