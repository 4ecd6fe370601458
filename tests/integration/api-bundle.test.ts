import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApiKey } from "../../apps/api/src/auth/create-api-key.ts";
import { createDb, type Db } from "../../packages/shared/src/db.ts";
import { freePort } from "../support/free-port.ts";
import { apiClient, fileForm, waitForJob, uniqueFixture } from "../support/http-client.ts";
import { deleteQueueKeys, killAll, type ServiceProcess, spawnEntry, waitForExit, waitForHttp } from "../support/service-processes.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

const run = promisify(execFile);

describe("the API and worker built by scripts/build.mjs and run by plain node", () => {
  let dir: string;
  let db: Db;
  let api: ServiceProcess | undefined;
  let worker: ServiceProcess | undefined;
  const prefix = `test-${randomUUID()}`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-bundle-"));
    await run(process.execPath, ["scripts/build.mjs", "--outdir", path.join(dir, "dist")], { timeout: 60_000 });
    db = createDb(fileDatabaseUrl());
  }, 90_000);

  afterAll(async () => {
    killAll([api, worker]);
    await db?.$disconnect();
    await deleteQueueKeys(inject("redisUrl"), prefix);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("serves uploads, jobs, lists and the docs, OCRs the job, and both stop cleanly on SIGTERM", async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATABASE_URL: fileDatabaseUrl(),
      REDIS_URL: inject("redisUrl"),
      QUEUE_PREFIX: prefix,
      STORAGE_DIR: path.join(dir, "files"),
      RECONCILE_INTERVAL_MS: "0",
    };
    // No tsx: the bundles alone, as production runs them.
    api = spawnEntry(path.join(dir, "dist", "api.mjs"), env, ["--max-semi-space-size=1"]);
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health/ready`, api);
    // The language data is found from the bundle as from the sources.
    expect(api.output()).toMatch(/"languages":\[[^\]]*"eng"/);

    const { key } = await createApiKey(db, "bundle test");
    const client = apiClient(base, key);
    const upload = await client.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.gif"), "tiny.gif"));
    expect(upload.status).toBe(201);
    const submit = await client.postJson("/api/v1/jobs", { documentId: upload.body.document.id });
    expect(submit.status).toBe(202);
    const list = await client.get("/api/v1/jobs");
    expect(list.body).toMatchObject({ total: 1, items: [{ id: submit.body.job.id, status: "queued" }] });

    // The worker's bundle finds its model, its PDF renderer and the queue as the sources do.
    worker = spawnEntry(path.join(dir, "dist", "worker.mjs"), { ...env, WORKER_CONCURRENCY: "1" }, []);
    const job = await waitForJob(client, submit.body.job.id);
    expect(job).toMatchObject({ status: "completed", progress: 100 });
    const pdf = await client.postForm("/api/v1/jobs", fileForm(await uniqueFixture("two-pages.pdf"), "two-pages.pdf"));
    expect(pdf.status).toBe(202);
    expect(await waitForJob(client, pdf.body.job.id)).toMatchObject({ status: "completed" });
    expect((await client.get(`/api/v1/jobs/${pdf.body.job.id}/result?format=json`)).body.pageCount).toBe(2);

    const openapi = await client.get("/openapi.json");
    expect(openapi.status).toBe(200);
    expect(openapi.body.paths).toHaveProperty(["/api/v1/jobs"]);
    // Swagger UI's assets come from its package folder in node_modules.
    expect((await client.get("/docs/swagger-ui.css")).status).toBe(200);

    worker.child.kill("SIGTERM");
    api.child.kill("SIGTERM");
    expect(await waitForExit(worker, 40_000)).toEqual({ code: 0, signal: null });
    expect(await waitForExit(api, 30_000)).toEqual({ code: 0, signal: null });
  });
});
