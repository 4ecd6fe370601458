import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Redis } from "ioredis";
import type { TestService } from "./test-service.ts";
import { waitFor } from "./wait-for.ts";

export interface ServiceProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
}

/**
 * Runs an entry point (`apps/api/src/main.ts`...) as its own node process, with
 * tsx; a built bundle (`.mjs`) runs on plain node, after `nodeFlags`.
 */
export function spawnEntry(entry: string, env: Record<string, string>, nodeFlags: string[] = []): ServiceProcess {
  const loader = entry.endsWith(".mjs") ? [] : ["--import", "tsx"];
  const child = spawn(process.execPath, [...nodeFlags, ...loader, entry], {
    env: { ...process.env, NODE_ENV: "test", LOG_FORMAT: "json", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** The real worker entry point in its own process, on the service's queues and files: one job at a time. */
export async function spawnWorker(
  service: Pick<TestService, "redisUrl" | "prefix" | "storage">,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const worker = spawnEntry("apps/worker/src/main.ts", {
    REDIS_URL: service.redisUrl,
    QUEUE_PREFIX: service.prefix,
    STORAGE_DIR: service.storage.root,
    WORKER_CONCURRENCY: "1",
    ...env,
  });
  await waitFor(
    "the worker process to start",
    () => {
      if (worker.child.exitCode !== null) throw new Error(`worker exited with ${worker.child.exitCode}:\n${worker.output()}`);
      return worker.output().includes('"worker started"');
    },
    120_000,
    100,
  );
  return worker;
}

/** Waits until a URL answers 2xx; fails early if the process exits. */
export async function waitForHttp(url: string, service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `${url} to answer`,
    async () => {
      if (service.child.exitCode !== null) throw new Error(`process exited with ${service.child.exitCode}:\n${service.output()}`);
      return fetch(url).then(
        (response) => response.ok,
        () => false,
      );
    },
    timeoutMs,
    250,
  );
}

/** The exit code and signal, or a failure naming the process's output if it is still running after the bound. */
export async function waitForExit(service: ServiceProcess, timeoutMs: number): Promise<{ code: number | null; signal: string | null }> {
  const { child } = service;
  // "close" comes once the process has exited and its output has all been read: "exit" may come before its last lines.
  const outputEnded = [child.stdout, child.stderr].every((stream) => !stream || stream.readableEnded || stream.destroyed);
  const exited = child.exitCode !== null || child.signalCode !== null;
  if (exited && outputEnded) return { code: child.exitCode, signal: child.signalCode };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running ${timeoutMs} ms later:\n${service.output().slice(-4000)}`)), timeoutMs);
  });
  try {
    const [code, signal] = (await Promise.race([once(child, "close"), timeout])) as [number | null, string | null];
    return { code, signal };
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILLs whatever is still running; for afterAll. */
export function killAll(services: (ServiceProcess | undefined)[]): void {
  for (const service of services) {
    if (service && service.child.exitCode === null && service.child.signalCode === null) service.child.kill("SIGKILL");
  }
}

/** Removes every Redis key under a test's queue prefix, so runs leave nothing in a shared Redis. */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}
