import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKER_HEARTBEAT_INTERVAL_MS, WORKER_HEARTBEAT_TTL_MS } from "../../packages/shared/src/worker-heartbeat.ts";

import { freePort } from "../support/free-port.ts";
import { apiClient } from "../support/http-client.ts";
import { killAll, type ServiceProcess, waitForExit } from "../support/service-processes.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";
import { spawnWorker } from "../support/service-processes.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

describe("GET /health/workers: the worker processes alive, from their own heartbeats", () => {
  let service: TestService;
  let client: ReturnType<typeof apiClient>;
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    service = await startTestService();
    client = apiClient(service.baseUrl);
  });
  afterAll(async () => {
    killAll(workers);
    await service?.close();
  });

  const start = async () => {
    const worker = await spawnWorker(service, { DATABASE_URL: fileDatabaseUrl() });
    workers.push(worker);
    return worker;
  };
  const listedPids = async () => ((await client.get("/health/workers")).body.workers as { pid: number }[]).map((worker) => worker.pid);

  it("answers 503 with none alive before any worker runs", async () => {
    const { status, body } = await client.get("/health/workers");
    expect(status).toBe(503);
    expect(body).toEqual({ status: "unavailable", redis: "ok", min: 1, alive: 0, workers: [] });
  });

  it("lists a running worker by host and pid, and counts it in ocrflow_workers_alive", async () => {
    const worker = await start();
    await waitFor("the worker's first heartbeat", async () => (await listedPids()).includes(worker.child.pid!), 10_000, 100);
    const { status, body } = await client.get("/health/workers");
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", redis: "ok", min: 1, alive: 1 });
    expect(body.workers[0]).toMatchObject({ id: `${body.workers[0].host}:${worker.child.pid}`, pid: worker.child.pid });
    expect(Date.now() - Date.parse(body.workers[0].lastHeartbeatAt)).toBeLessThan(WORKER_HEARTBEAT_TTL_MS);
    const metrics = await client.get("/metrics");
    expect(metrics.body).toMatch(/^ocrflow_workers_alive\{service="api"\} 1$/m);
  });

  it("shows the OCR backend the worker chose, and why, on /health/ready and /metrics", async () => {
    const worker = workers[0]!;
    // OCR_ENGINE=auto with Debian's tesseract-ocr and -eng installed (scripts/test.sh): native.
    const { body } = await client.get("/health/ready");
    expect(body.ocrEngines).toEqual([
      {
        workerId: `${body.ocrEngines[0]?.workerId.split(":")[0]}:${worker.child.pid}`,
        backend: "tesseract-native",
        reason: expect.stringMatching(/^auto: tesseract 5\.\d+\.\d+ \(tesseract\) has eng in /),
      },
    ]);
    const metrics = (await client.get("/metrics")).body as string;
    expect(metrics).toMatch(/^ocrflow_ocr_engine_workers\{backend="tesseract-native",service="api"\} 1$/m);
    expect(metrics).toMatch(/^ocrflow_ocr_engine_workers\{backend="tesseract.js",service="api"\} 0$/m);
  });

  it("answers 503 when fewer than ?min= are alive, 400 for a min that is not a count", async () => {
    expect(await client.get("/health/workers?min=2")).toMatchObject({ status: 503, body: { status: "unavailable", min: 2, alive: 1 } });
    expect((await client.get("/health/workers?min=0")).status).toBe(200);
    const bad = await client.get("/health/workers?min=two");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
  });

  it("unlists a worker stopped with SIGTERM as it stops", async () => {
    const worker = workers[0]!;
    worker.child.kill("SIGTERM");
    expect(await waitForExit(worker, 30_000)).toEqual({ code: 0, signal: null });
    expect(await listedPids()).not.toContain(worker.child.pid);
    expect((await client.get("/health/ready")).body.ocrEngines).toEqual([]);
  });

  it("drops a worker killed outright once its last heartbeat is older than the TTL", async () => {
    const worker = await start();
    await waitFor("the worker's first heartbeat", async () => (await listedPids()).includes(worker.child.pid!), 10_000, 100);
    worker.child.kill("SIGKILL");
    await waitForExit(worker, 10_000);
    // Nothing unlisted it: it goes when its heartbeat expires, within the TTL (plus one beat's lateness).
    await waitFor(
      "the killed worker to drop out",
      async () => !(await listedPids()).includes(worker.child.pid!),
      WORKER_HEARTBEAT_TTL_MS + WORKER_HEARTBEAT_INTERVAL_MS,
      250,
    );
    expect((await client.get("/metrics")).body).toMatch(/^ocrflow_workers_alive\{service="api"\} 0$/m);
  });
});

describe("GET /health/workers while Redis does not answer", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ apiRedisUrl: `redis://127.0.0.1:${await freePort()}` });
  });
  afterAll(async () => {
    await service?.close();
  });

  it("answers 503 with redis down and no count, rather than claiming none are alive", async () => {
    const { status, body } = await apiClient(service.baseUrl).get("/health/workers");
    expect(status).toBe(503);
    expect(body).toEqual({ status: "unavailable", redis: "down", min: 1, alive: null, workers: [] });
    expect((await apiClient(service.baseUrl).get("/metrics")).body).toMatch(/^ocrflow_workers_alive\{service="api"\} nan$/im);
  });
});
