import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { redisAnswers } from "../../scripts/lib/local-redis.ts";
import { freePort } from "../support/free-port.ts";
import { apiClient } from "../support/http-client.ts";
import { spawnStartScript, type StartScript, waitUntilReady } from "../support/start-script.ts";
import { waitFor } from "../support/wait-for.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

describe("pnpm start on a machine where no Redis answers", () => {
  let script: StartScript | undefined;

  afterAll(async () => {
    await script?.cleanUp();
  });

  it("starts a local redis-server, the API and WORKER_PROCESSES workers, each logging to its file, and stops them all on SIGTERM", async () => {
    const redisPort = await freePort();
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    expect(await redisAnswers(redisUrl)).toBe(false);
    script = await spawnStartScript({
      REDIS_URL: redisUrl,
      DATABASE_URL: fileDatabaseUrl(),
      WORKER_PROCESSES: "2",
      WORKER_CONCURRENCY: "1",
      LOG_LEVEL: "info",
    });

    await waitUntilReady(script);
    expect(script.output()).toContain(`starting redis-server on 127.0.0.1:${redisPort}`);
    expect(await redisAnswers(redisUrl)).toBe(true);
    const workerPids = [...script.pidsOf("worker-1"), ...script.pidsOf("worker-2")];
    expect(workerPids).toHaveLength(2);
    // Both workers say they are alive themselves, through their heartbeats.
    const client = apiClient(script.baseUrl);
    const listed = async () => ((await client.get("/health/workers?min=2")).body.workers as { pid: number }[]).map((w) => w.pid).sort();
    await waitFor("both workers' heartbeats", async () => (await listed()).join() === workerPids.sort().join(), 120_000, 250);
    expect(await readFile(path.join(script.logDir, "worker-2.log"), "utf8")).toContain('"worker started"');
    expect(await readFile(path.join(script.logDir, "api.log"), "utf8")).toContain('"api listening"');
    expect(await readFile(path.join(script.logDir, "redis.log"), "utf8")).toContain("Ready to accept connections");

    expect(await script.stop()).toEqual({ code: 0, signal: null });
    expect(await redisAnswers(redisUrl)).toBe(false);
  });

  it("refuses to run without a queue when redis-server is not installed, saying how to get it", async () => {
    const redisPort = await freePort();
    const run = spawn(process.execPath, ["--import", "tsx", "scripts/start-service.ts"], {
      env: { ...process.env, PATH: "/nonexistent", REDIS_URL: `redis://127.0.0.1:${redisPort}`, DATABASE_URL: fileDatabaseUrl() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    run.stderr?.on("data", (chunk) => (stderr += chunk));
    const [code] = await once(run, "exit");
    expect(code).toBe(1);
    expect(stderr).toContain("apt-get install redis-server");
  });

  it("refuses a wrong value of any process's variable at once, before starting anything", async () => {
    const run = spawn(process.execPath, ["--import", "tsx", "scripts/start-service.ts"], {
      env: { ...process.env, WORKER_PROCESSES: "0", WORKER_CONCURRENCY: "abc", DATABASE_URL: fileDatabaseUrl() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    run.stdout?.on("data", (chunk) => (output += chunk));
    run.stderr?.on("data", (chunk) => (output += chunk));
    const [code] = await once(run, "exit");
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid configuration:\n/);
    expect(output).toMatch(/^\s+WORKER_CONCURRENCY: .*expected number/m);
    expect(output).toMatch(/^\s+WORKER_PROCESSES: .*>=1/m);
    expect(output).not.toContain("[ocrflow] started");
  });
});
