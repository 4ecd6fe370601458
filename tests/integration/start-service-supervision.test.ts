import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApiKey } from "../../apps/api/src/auth/create-api-key.ts";
import { createDb, type Db } from "../../packages/shared/src/db.ts";
import { WORKER_HEARTBEAT_TTL_MS } from "../../packages/shared/src/worker-heartbeat.ts";
import { redisAnswers } from "../../scripts/lib/local-redis.ts";
import { createPrivateDatabase, logFaultSummary, submitJobs, tallyJobs, waitUntilSettled } from "../support/fault-suite.ts";
import { freePort } from "../support/free-port.ts";
import { apiClient, fileForm, fixture, uniqueCopy, waitForJob } from "../support/http-client.ts";
import { deleteQueueKeys, waitForExit } from "../support/service-processes.ts";
import { spawnStartScript, type StartScript, waitUntilReady } from "../support/start-script.ts";
import type { TestDatabase } from "../support/test-databases.ts";
import { waitFor } from "../support/wait-for.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

/** Polls GET /health/live every 100 ms until stopped; counts the answers that were not 200. */
function watchLiveness(baseUrl: string) {
  let probes = 0;
  const failures: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      probes += 1;
      await fetch(`${baseUrl}/health/live`).then(
        (response) => void (response.ok || failures.push(`status ${response.status}`)),
        (error: Error) => void failures.push(error.message),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { probes, failures };
    },
  };
}

describe("pnpm start supervising its worker and its local Redis", () => {
  let database: TestDatabase;
  let db: Db;
  let script: StartScript;
  let client: ReturnType<typeof apiClient>;
  let redisUrl: string;
  const alivePids = async () => ((await client.get("/health/workers")).body.workers as { pid: number }[]).map((worker) => worker.pid);

  beforeAll(async () => {
    database = await createPrivateDatabase();
    db = createDb(database.url);
    redisUrl = `redis://127.0.0.1:${await freePort()}`;
    script = await spawnStartScript({
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      WORKER_CONCURRENCY: "1",
      // The killed worker's job runs again once its lock expires: 10 s here instead of 30.
      JOB_LOCK_DURATION_MS: "10000",
      RECONCILE_INTERVAL_MS: "1000",
      RECONCILE_GRACE_MS: "3000",
      RATE_LIMIT_PER_IP: "0",
      RATE_LIMIT_PER_KEY: "0",
    });
    await waitUntilReady(script);
    client = apiClient(script.baseUrl, (await createApiKey(db, "supervision")).key);
    await waitFor("the worker's heartbeat", async () => (await alivePids()).length === 1, 120_000, 250);
  });
  afterAll(async () => {
    await script?.cleanUp();
    await db?.$disconnect();
    await database?.drop();
  });

  it("restarts a worker killed mid-batch within 5 s, the API answering throughout, and completes every job once", {
    timeout: 300_000,
  }, async () => {
    expect(script.output()).toContain(`starting redis-server on 127.0.0.1:${new URL(redisUrl).port}`);
    const jobIds = await submitJobs(client, ["three-pages.tiff", "two-pages.pdf", "page-eng.png"]);
    await waitFor("page 1 of the first job stored", async () => (await db.jobPage.count({ where: { jobId: jobIds[0] } })) > 0, 120_000);
    const liveness = watchLiveness(script.baseUrl);
    const [killed] = script.pidsOf("worker-1").slice(-1);
    process.kill(killed!, "SIGKILL");
    const pagesBefore = await db.jobPage.count({ where: { jobId: jobIds[0] } });

    const successor = await script.waitForRestart("worker-1", 5_000);
    expect(script.output()).toContain(`worker-1 (pid ${killed}) exited with signal SIGKILL`);
    // The killed worker's job comes back through the stalled-job check once its lock expires.
    await waitUntilSettled({ db }, jobIds, 240_000);
    const { probes, failures } = await liveness.stop();
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(10);

    // Both runs of worker-1 log into the same file: a job completed by each would count twice.
    const workerLog = await readFile(path.join(script.logDir, "worker-1.log"), "utf8");
    const tally = await tallyJobs({ db }, jobIds, [{ output: () => workerLog }]);
    logFaultSummary("pnpm start: worker SIGKILLed mid-batch", tally);
    expect(tally).toMatchObject({ completed: 3, duplicates: 0, stuck: 0, incomplete: 0 });
    // The job it held was taken up again where it stopped (unless all its pages were stored before the kill).
    if (pagesBefore < 3)
      expect(workerLog).toMatch(new RegExp(`"resuming job".*"jobId":"${jobIds[0]}"|"jobId":"${jobIds[0]}".*"resuming job"`));

    // The heartbeats tell the same story as the script, on their own.
    await waitFor(
      "the new worker listed and the killed one gone",
      async () => (await alivePids()).join() === String(successor),
      60_000,
      250,
    );
  });

  it("restarts the local Redis killed outright, and takes submits again within 10 s", async () => {
    const [killed] = script.pidsOf("redis").slice(-1);
    process.kill(killed!, "SIGKILL");
    const killedAt = Date.now();
    await script.waitForRestart("redis", 10_000);
    expect(script.output()).toContain(`redis (pid ${killed}) exited with signal SIGKILL`);
    const job = await waitFor(
      "a submit answered 202",
      async () => {
        const { status, body } = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("page-eng.png")), "page-eng.png"));
        return status === 202 ? body.job : undefined;
      },
      10_000 - (Date.now() - killedAt),
      100,
    );
    expect((await waitForJob(client, job.id)).status).toBe("completed");
    const beatsSince = async () => {
      const { workers } = (await client.get("/health/workers")).body;
      return workers.length === 1 && Date.parse(workers[0].lastHeartbeatAt) > killedAt;
    };
    await waitFor("a heartbeat of the worker into the new Redis", beatsSince, WORKER_HEARTBEAT_TTL_MS, 250);
  });

  it("stops everything on SIGTERM, Redis last, and exits 0", async () => {
    expect(await script.stop()).toEqual({ code: 0, signal: null });
    const stopped = [...script.output().matchAll(/\[ocrflow\] stopped (\S+) \(/g)].map((match) => match[1]);
    expect(stopped.slice(0, 2).sort()).toEqual(["api", "worker-1"]);
    expect(stopped[2]).toBe("redis");
    expect(await redisAnswers(redisUrl)).toBe(false);
  });
});

describe("pnpm start with a worker that exits at once on every start", () => {
  let script: StartScript;
  let holder: Server;
  const prefix = `test-${randomUUID()}`;
  afterAll(async () => {
    await script?.cleanUp();
    holder?.close();
    await deleteQueueKeys(inject("redisUrl"), prefix);
  });

  it("stops everything after five exits in a row, naming the worker, its last exit and its log", { timeout: 300_000 }, async () => {
    // A real mistake: the worker's metrics port is taken, so every start ends with EADDRINUSE.
    const busyPort = await freePort();
    holder = createServer().listen(busyPort, "127.0.0.1");
    await once(holder, "listening");
    script = await spawnStartScript({
      DATABASE_URL: fileDatabaseUrl(),
      REDIS_URL: inject("redisUrl"),
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: "1",
      WORKER_METRICS_PORT: String(busyPort),
    });
    expect(await waitForExit(script, 280_000)).toEqual({ code: 1, signal: null });
    const output = script.output();
    const logFile = path.join(script.logDir, "worker-1.log");
    expect(script.pidsOf("worker-1")).toHaveLength(5);
    expect(output).toContain("worker-1 keeps exiting (5 exits in a row, the last with exit code 1); stopping everything.");
    expect(output).toContain(`its log: ${logFile}; its last lines:`);
    expect(output.slice(output.indexOf("its last lines:"))).toContain("EADDRINUSE");
    expect(await readFile(logFile, "utf8")).toContain("EADDRINUSE");
    expect(output).toContain("stopped api (exit code 0)");
  });
});
