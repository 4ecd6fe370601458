import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { redisAnswers } from "../../scripts/lib/local-redis.ts";
import { freePort } from "../support/free-port.ts";

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pnpm start exited with ${child.exitCode}`);
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`);
}

describe("pnpm start on a machine where no Redis answers", () => {
  let dataDir: string;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child?.exitCode === null) child.kill("SIGKILL");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("starts a local redis-server, the API and a worker, and stops them all on SIGTERM", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "ocrflow-start-"));
    const [apiPort, redisPort] = [await freePort(), await freePort()];
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    expect(await redisAnswers(redisUrl)).toBe(false);

    child = spawn(process.execPath, ["--import", "tsx", "scripts/start-service.ts"], {
      env: {
        ...process.env,
        PORT: String(apiPort),
        REDIS_URL: redisUrl,
        DATABASE_URL: inject("databaseUrl"),
        STORAGE_DIR: path.join(dataDir, "files"),
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));

    await waitUntilReady(`http://127.0.0.1:${apiPort}/health/ready`, child, 60_000);
    expect(output).toContain(`starting redis-server on 127.0.0.1:${redisPort}`);
    expect(await redisAnswers(redisUrl)).toBe(true);

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(await redisAnswers(redisUrl)).toBe(false);
  });

  it("refuses to run without a queue when redis-server is not installed, saying how to get it", async () => {
    const redisPort = await freePort();
    const run = spawn(process.execPath, ["--import", "tsx", "scripts/start-service.ts"], {
      env: { ...process.env, PATH: "/nonexistent", REDIS_URL: `redis://127.0.0.1:${redisPort}`, DATABASE_URL: inject("databaseUrl") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    run.stderr?.on("data", (chunk) => (stderr += chunk));
    const [code] = await once(run, "exit");
    expect(code).toBe(1);
    expect(stderr).toContain("apt-get install redis-server");
  });
});
