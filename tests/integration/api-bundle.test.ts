import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApiKey } from "../../apps/api/src/auth/create-api-key.ts";
import { createDb, type Db } from "../../packages/shared/src/db.ts";
import { freePort } from "../support/free-port.ts";
import { apiClient, fileForm } from "../support/http-client.ts";
import { uniqueFixture } from "../support/lifecycle-client.ts";
import { deleteQueueKeys, killAll, type ServiceProcess, waitForExit, waitForHttp } from "../support/service-processes.ts";

const run = promisify(execFile);

describe("the API built by scripts/build.mjs and run by plain node", () => {
  let dir: string;
  let db: Db;
  let api: ServiceProcess | undefined;
  const prefix = `test-${randomUUID()}`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-bundle-"));
    await run(process.execPath, ["scripts/build.mjs", "--outdir", path.join(dir, "dist")], { timeout: 60_000 });
    db = createDb(inject("databaseUrl"));
  }, 90_000);

  afterAll(async () => {
    killAll([api]);
    await db?.$disconnect();
    await deleteQueueKeys(inject("redisUrl"), prefix);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("serves uploads, jobs, lists and the docs, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    // No tsx: the bundle alone, as production runs it.
    const child = spawn(process.execPath, ["--max-semi-space-size=1", path.join(dir, "dist", "api.mjs")], {
      env: {
        ...process.env,
        NODE_ENV: "test",
        LOG_FORMAT: "json",
        LOG_LEVEL: "info",
        PORT: String(port),
        DATABASE_URL: inject("databaseUrl"),
        REDIS_URL: inject("redisUrl"),
        QUEUE_PREFIX: prefix,
        STORAGE_DIR: path.join(dir, "files"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    api = { child, output: () => output };
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health/ready`, api);
    // The language data is found from the bundle as from the sources.
    expect(output).toMatch(/"languages":\[[^\]]*"eng"/);

    const { key } = await createApiKey(db, "bundle test");
    const client = apiClient(base, key);
    const upload = await client.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.gif"), "tiny.gif"));
    expect(upload.status).toBe(201);
    const submit = await client.postJson("/api/v1/jobs", { documentId: upload.body.document.id });
    expect(submit.status).toBe(202);
    const list = await client.get("/api/v1/jobs");
    expect(list.body).toMatchObject({ total: 1, items: [{ id: submit.body.job.id, status: "queued" }] });

    const openapi = await client.get("/openapi.json");
    expect(openapi.status).toBe(200);
    expect(openapi.body.paths).toHaveProperty(["/api/v1/jobs"]);
    // Swagger UI's assets come from its package folder in node_modules.
    expect((await client.get("/docs/swagger-ui.css")).status).toBe(200);

    child.kill("SIGTERM");
    expect(await waitForExit(api, 30_000)).toEqual({ code: 0, signal: null });
  });
});
