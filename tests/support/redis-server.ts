import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { redisAnswers } from "../../scripts/lib/local-redis.ts";
import { freePort } from "./free-port.ts";
import { type ServiceProcess, waitForExit } from "./service-processes.ts";
import { waitFor } from "./wait-for.ts";

export interface PrivateRedis {
  url: string;
  /** Stops the server at once (SIGKILL): with no persistence, everything in it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** FLUSHALL: the data gone while the server and its connections stay up. */
  flushAll(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A redis-server of the test's own on a free loopback port, keeping nothing
 * on disk, so a test can stop, restart or wipe it without touching the
 * Redis every other test uses.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "ocrflow-redis-"));
  const url = `redis://127.0.0.1:${port}`;
  let server: ServiceProcess | undefined;

  const start = async () => {
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--maxmemory-policy", "noeviction"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    server = { child, output: () => output };
    await waitFor(
      `redis-server on port ${port}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output}`);
        return redisAnswers(url);
      },
      10_000,
      50,
    );
  };

  const kill = async () => {
    if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
    server.child.kill("SIGKILL");
    await waitForExit(server, 10_000);
  };

  await start();
  return {
    url,
    kill,
    start,
    async flushAll() {
      const client = new Redis(url);
      try {
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
    async close() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
