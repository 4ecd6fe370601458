import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../apps/api/src/auth/create-api-key.ts";
import { createDb, type Db } from "../../packages/shared/src/db.ts";
import { freePort } from "../support/free-port.ts";
import { fileForm, fixture } from "../support/http-client.ts";
import { waitFor } from "../support/wait-for.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

type LogLine = Record<string, unknown> & { level: string; message: string };

const REDIS_PASSWORD = "hunter2-redis-secret";

/**
 * The real API entry point in production log format, against the suite's
 * database and a Redis that does not answer (so submitting a job logs an
 * error deep inside the request).
 */
describe("the API's logs (real process, LOG_FORMAT=json, LOG_LEVEL=http)", () => {
  let child: ChildProcess;
  let output = "";
  let baseUrl: string;
  let storageDir: string;
  let db: Db;
  let key: string;

  const lines = (): LogLine[] =>
    output
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  const accessLinesOf = (requestId: string) => lines().filter((line) => line.message === "request" && line.requestId === requestId);

  /** Waits for what `probe` finds in the API's output; fails at once if the API exits. */
  const waitForLine = <T>(probe: () => T | undefined, what: string) =>
    waitFor(
      what,
      () => {
        if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}) waiting for ${what}:\n${output}`);
        return probe();
      },
      30_000,
      100,
    );

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), "ocrflow-logging-"));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: fileDatabaseUrl(),
        REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:1`,
        QUEUE_PREFIX: `test-logging-${port}`,
        STORAGE_DIR: storageDir,
        LOG_FORMAT: "json",
        LOG_LEVEL: "http",
        ADMIN_USER: "",
        ADMIN_PASSWORD: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    await waitForLine(() => lines().find((line) => line.message === "api listening"), "'api listening' line");
    db = createDb(fileDatabaseUrl());
    key = (await createApiKey(db, "logging test")).key;
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
    await db?.$disconnect();
    await rm(storageDir, { recursive: true, force: true });
  });

  it("writes one JSON access line per request: method, route pattern, status, ms and request id", async () => {
    const missingJob = crypto.randomUUID();
    const requests: { path: string; headers: Record<string, string>; route: string; status: number }[] = [
      { path: "/health/live", headers: { "x-request-id": "probe-live-1" }, route: "/health/live", status: 200 },
      { path: `/api/v1/jobs/${missingJob}`, headers: { authorization: `Bearer ${key}` }, route: "/api/v1/jobs/:id", status: 404 },
      { path: "/api/v1/documents", headers: {}, route: "(unmatched)", status: 401 },
    ];
    for (const request of requests) {
      const response = await fetch(`${baseUrl}${request.path}`, { headers: request.headers });
      expect(response.status).toBe(request.status);
      const requestId = response.headers.get("x-request-id")!;
      const [access] = await waitForLine(() => {
        const found = accessLinesOf(requestId);
        return found.length > 0 ? found : undefined;
      }, `access line of ${request.path}`);
      expect(accessLinesOf(requestId)).toHaveLength(1);
      expect(access).toMatchObject({
        level: "http",
        service: "api",
        method: "GET",
        route: request.route,
        status: request.status,
        requestId,
      });
      expect(typeof access!.ms).toBe("number");
      expect(typeof access!.timestamp).toBe("string");
    }
    expect(output).not.toContain(missingJob);
  });

  it("puts the request id on lines logged deep inside a request (after JSON and multipart parsing)", async () => {
    const uploaded = await fetch(`${baseUrl}/api/v1/documents`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      // Content no other test OCRed, so no cached result answers the submit without the queue.
      body: fileForm(Buffer.concat([await fixture("tiny.bmp"), randomBytes(16)]), "unique.bmp"),
    });
    const { document } = await uploaded.json();
    const submits: { headers: Record<string, string>; body: string | FormData }[] = [
      { headers: { "content-type": "application/json" }, body: JSON.stringify({ documentId: document.id }) },
      { headers: {}, body: fileForm(Buffer.concat([await fixture("tiny.gif"), randomBytes(16)]), "unique.gif") },
    ];
    for (const submit of submits) {
      const before = lines().filter((line) => line.message === "enqueue failed").length;
      const response = await fetch(`${baseUrl}/api/v1/jobs`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, ...submit.headers },
        body: submit.body,
      });
      expect(response.status).toBe(503);
      const requestId = response.headers.get("x-request-id")!;
      // enqueue-jobs.ts logs this failure without being handed the request id.
      const enqueueFailures = () => lines().filter((line) => line.message === "enqueue failed");
      const deep = await waitForLine(() => enqueueFailures()[before], "an 'enqueue failed' line");
      expect(deep).toMatchObject({ level: "error", requestId });
    }
  });

  it("never writes API keys, credentials or the Redis password", async () => {
    const wrongKey = "ofk_this-key-does-not-exist-0123456789";
    expect((await fetch(`${baseUrl}/api/v1/documents`, { headers: { "x-api-key": wrongKey } })).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/v1/documents?apiKey=${wrongKey}`)).status).toBe(401);
    await waitForLine(() => (lines().filter((line) => line.status === 401).length >= 3 ? true : undefined), "401 access lines");
    for (const secret of [key, wrongKey, REDIS_PASSWORD, key.slice(4)]) expect(output).not.toContain(secret);
  });

  it("says the admin board is off when no admin credentials are configured", async () => {
    expect(lines().some((line) => line.level === "info" && String(line.message).startsWith("admin board off"))).toBe(true);
    expect((await fetch(`${baseUrl}/admin/queues`)).status).toBe(404);
  });

  it("writes nothing but JSON lines", () => {
    expect(lines().length).toBeGreaterThan(5);
    for (const line of lines()) expect(line).toMatchObject({ service: "api", level: expect.any(String), message: expect.any(String) });
  });
});
