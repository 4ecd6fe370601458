import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import http from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createApiKey } from "../../apps/api/src/auth/create-api-key.ts";
import { createDb, type Db } from "../../packages/shared/src/db.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";
import { freePort } from "../support/free-port.ts";
import { apiClient, fileForm, fixture } from "../support/http-client.ts";
import { deleteQueueKeys, killAll, type ServiceProcess, spawnEntry, waitForExit, waitForHttp } from "../support/service-processes.ts";
import { waitFor } from "../support/wait-for.ts";
import { expectedText } from "../ocr/ocr-fixtures.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

const BOUNDARY = "ocrflow-test-boundary";

/** A multipart upload whose body the test writes in pieces, so it stays in flight. */
function startSlowUpload(port: number, key: string, bytes: Buffer) {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="page.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const request = http.request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: "/api/v1/documents",
    agent: new http.Agent({ keepAlive: true }),
    headers: { authorization: `Bearer ${key}`, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
  });
  const response = new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
    request.once("error", reject);
    request.once("response", async (res) => {
      let body = "";
      for await (const chunk of res) body += chunk;
      resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body });
    });
  });
  const half = Math.floor(bytes.length / 2);
  request.write(Buffer.concat([head, bytes.subarray(0, half)]));
  return { response, finish: () => request.end(Buffer.concat([bytes.subarray(half), tail])) };
}

async function connectionRefused(port: number): Promise<boolean> {
  const socket = connect(port, "127.0.0.1");
  try {
    await once(socket, "connect");
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ECONNREFUSED";
  } finally {
    socket.destroy();
  }
}

describe("graceful shutdown of real processes", () => {
  let db: Db;
  let storageDir: string;
  let key: string;
  const prefix = `test-${randomUUID()}`;
  const idleQueuePrefix = `test-${randomUUID()}`;
  const started: ServiceProcess[] = [];

  const env = () => ({
    DATABASE_URL: fileDatabaseUrl(),
    REDIS_URL: inject("redisUrl"),
    QUEUE_PREFIX: prefix,
    STORAGE_DIR: storageDir,
    HOST: "127.0.0.1",
  });
  const startApi = async (extraEnv: Record<string, string> = {}) => {
    const port = await freePort();
    const api = spawnEntry("apps/api/src/main.ts", { ...env(), PORT: String(port), ...extraEnv });
    started.push(api);
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, api);
    return { api, port };
  };
  const tempUploads = async () => readdir(path.join(storageDir, ".tmp")).catch(() => []);

  beforeAll(async () => {
    db = createDb(fileDatabaseUrl());
    storageDir = await mkdtemp(path.join(tmpdir(), "ocrflow-shutdown-"));
    ({ key } = await createApiKey(db, "shutdown tester"));
  });
  afterAll(async () => {
    killAll(started);
    await deleteQueueKeys(inject("redisUrl"), prefix);
    await deleteQueueKeys(inject("redisUrl"), idleQueuePrefix);
    await db?.$disconnect();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  describe("when the API gets SIGTERM with an upload in flight", () => {
    it("finishes the upload with its normal status, refuses new connections, and exits 0 after closing Redis and the database", async () => {
      const { api, port } = await startApi();
      const upload = startSlowUpload(port, key, await fixture("page-eng.png"));
      // The first half is on the server once its temp file exists.
      await waitFor("the upload to reach the server", async () => (await tempUploads()).length > 0);

      api.child.kill("SIGTERM");
      await waitFor("the API to start shutting down", () => api.output().includes('"shutting down"'));
      await waitFor("new connections to be refused", () => connectionRefused(port));
      expect(api.child.exitCode).toBeNull();

      upload.finish();
      const response = await upload.response;
      expect(response.status).toBe(201);
      expect(response.connection).toBe("close");
      const { document } = JSON.parse(response.body);
      expect(await db.document.findUnique({ where: { id: document.id } })).toMatchObject({ mimeType: "image/png" });

      expect(await waitForExit(api, 30_000)).toEqual({ code: 0, signal: null });
      expect(api.output()).toContain('"http server closed"');
      expect(api.output()).toContain('"shut down cleanly"');
    });
  });

  describe("when the API gets SIGTERM with an event stream and an upload open", () => {
    it("ends the event stream at once, and still lets the upload finish", async () => {
      // A queue of its own: no worker ever takes this job, so its stream stays open.
      const { api, port } = await startApi({ QUEUE_PREFIX: idleQueuePrefix });
      const client = apiClient(`http://127.0.0.1:${port}`, key);
      const submitted = await client.postForm("/api/v1/jobs", fileForm(await fixture("page-eng.png"), "page.png"));
      const jobId: string = submitted.body.job.id;
      const events = await fetch(`http://127.0.0.1:${port}/api/v1/jobs/${jobId}/events`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(events.headers.get("content-type")).toContain("text/event-stream");
      const reader = events.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: progress");
      const upload = startSlowUpload(port, key, await fixture("page-eng.jpg"));
      await waitFor("the upload to reach the server", async () => (await tempUploads()).length > 0);

      api.child.kill("SIGTERM");
      // The stream ends while the upload is still open: not cut by the drain time, which would cut the upload too.
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {}
      upload.finish();
      expect((await upload.response).status).toBe(201);
      expect(await waitForExit(api, 30_000)).toEqual({ code: 0, signal: null });
    });
  });

  describe("when an upload stalls past the drain time", () => {
    it("cuts it, leaves no half-written file, and still exits 0", async () => {
      const { api, port } = await startApi();
      const upload = startSlowUpload(port, key, await fixture("page-eng.jpg"));
      await waitFor("the upload to reach the server", async () => (await tempUploads()).length > 0);

      api.child.kill("SIGTERM");
      await expect(upload.response).rejects.toThrow();
      expect(await waitForExit(api, 30_000)).toEqual({ code: 0, signal: null });
      expect(await tempUploads()).toEqual([]);
    });
  });

  // Default grace: the job may finish before the worker exits. No grace: it must be handed back.
  describe.each([
    { grace: "the default grace time", workerEnv: {} as Record<string, string>, statusesAfterStop: ["completed", "queued"] },
    { grace: "no grace time (SHUTDOWN_GRACE_MS=0)", workerEnv: { SHUTDOWN_GRACE_MS: "0" }, statusesAfterStop: ["queued"] },
  ])("when a worker with $grace gets SIGTERM during a multi-page job", ({ workerEnv, statusesAfterStop }) => {
    it("exits 0, and the job is completed by it or handed back and completed by the next worker, never lost", async () => {
      const { api, port } = await startApi();
      const client = apiClient(`http://127.0.0.1:${port}`, key);
      // Bytes after the last TIFF page change the content, not the pages: no dedup, no result cache.
      const tiff = Buffer.concat([await fixture("three-pages.tiff"), Buffer.from(randomUUID())]);
      const submitted = await client.postForm("/api/v1/jobs", fileForm(tiff, "three-pages.tiff"));
      expect(submitted.status).toBe(202);
      expect(submitted.body.job.cached).toBe(false);
      const jobId: string = submitted.body.job.id;
      const jobRow = async () => (await db.job.findUnique({ where: { id: jobId } }))!;

      // One OCR thread, pages one after another: when the first page is stored the two
      // others are still to do, so the SIGTERM lands mid-job (with two threads, pages 1
      // and 2 finish together and page 3 could be done before the signal arrives).
      const first = spawnEntry("apps/worker/src/main.ts", { ...env(), WORKER_CONCURRENCY: "1", ...workerEnv });
      started.push(first);
      await waitFor("the first page to be done", async () => (await jobRow()).progress > 0, 120_000, 50);
      first.child.kill("SIGTERM");
      expect(await waitForExit(first, 45_000)).toEqual({ code: 0, signal: null });

      // Never left "processing" by a worker that is gone.
      const afterFirst = await jobRow();
      expect(statusesAfterStop).toContain(afterFirst.status);

      const second = spawnEntry("apps/worker/src/main.ts", env());
      started.push(second);
      await waitFor("the second worker to start", () => second.output().includes('"worker started"'), 120_000);
      const done = await waitFor(
        "the job to complete",
        async () => {
          const { body } = await client.get(`/api/v1/jobs/${jobId}`);
          return ["completed", "failed", "cancelled"].includes(body.job.status) ? body.job : undefined;
        },
        150_000,
      );
      expect(done.status).toBe("completed");
      const text = (await client.get(`/api/v1/jobs/${jobId}/result?format=text`)).body as string;
      expect(characterErrorRate(expectedText["three-pages.tiff"].flat().join(" "), text)).toBeLessThan(0.05);

      second.child.kill("SIGTERM");
      api.child.kill("SIGTERM");
      expect(await waitForExit(second, 45_000)).toEqual({ code: 0, signal: null });
      expect(await waitForExit(api, 30_000)).toEqual({ code: 0, signal: null });
    });
  });
});
