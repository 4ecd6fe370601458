import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApiKey } from "../../apps/api/src/auth/create-api-key.ts";
import { createDb, type Db } from "../../packages/shared/src/db.ts";
import { applyMigrations } from "../../packages/shared/src/db-migrate.ts";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";
import { freePort } from "../support/free-port.ts";
import { apiClient, fileForm, expectError, uniqueFixture } from "../support/http-client.ts";
import { deleteQueueKeys, killAll, type ServiceProcess, spawnEntry, waitForExit, waitForHttp } from "../support/service-processes.ts";
import { createTestDatabase, type TestDatabase, fileDatabaseUrl } from "../support/test-databases.ts";
import { waitFor } from "../support/wait-for.ts";

type LogLine = Record<string, unknown> & { level: string; message: string };

const BOUNDARY = "ocrflow-fault-boundary";
const HOUR_MS = 60 * 60 * 1000;

interface FilePart {
  field: string;
  /** Sent whole before the trickle starts. */
  bytes?: Buffer;
}

/**
 * A multipart upload written by hand: the parts given whole, then one more
 * file part (`trickleField`) whose bytes keep coming, 64 KB every 50 ms, until
 * the test aborts it or the server goes away.
 */
function startTrickleUpload(port: number, key: string, route: string, parts: FilePart[], requestId: string) {
  const request = http.request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: route,
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
      "x-request-id": requestId,
    },
  });
  const head = (field: string, name: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`;
  const settled = new Promise<string>((resolve) => {
    request.once("error", (error) => resolve(`error: ${error.message}`));
    request.once("response", (res) => resolve(`status ${res.statusCode}`));
  });
  for (const [index, part] of parts.entries()) {
    if (part.bytes) request.write(Buffer.concat([Buffer.from(head(part.field, `whole-${index}.png`)), part.bytes, Buffer.from("\r\n")]));
    else request.write(head(part.field, "trickle.png"));
  }
  request.write(Buffer.from("89504e470d0a1a0a", "hex"));
  const timer = setInterval(() => {
    if (!request.destroyed) request.write(randomBytes(64 * 1024));
  }, 50);
  void settled.finally(() => clearInterval(timer));
  return {
    settled,
    abort: () => {
      clearInterval(timer);
      request.destroy();
    },
  };
}

describe("uploads under faults (real API processes on one storage folder and database)", () => {
  let database: TestDatabase;
  let db: Db;
  let storageDir: string;
  let key: string;
  const prefix = `test-${randomUUID()}`;
  const started: ServiceProcess[] = [];

  const startApi = async () => {
    const port = await freePort();
    const api = spawnEntry("apps/api/src/main.ts", {
      DATABASE_URL: database.url,
      REDIS_URL: inject("redisUrl"),
      QUEUE_PREFIX: prefix,
      STORAGE_DIR: storageDir,
      HOST: "127.0.0.1",
      PORT: String(port),
    });
    started.push(api);
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, api);
    return { api, port, client: apiClient(`http://127.0.0.1:${port}`, key) };
  };
  const logLines = (api: ServiceProcess): LogLine[] =>
    api
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as LogLine);
  const cleanupReport = (api: ServiceProcess) =>
    waitFor("the start-up storage clean-up", () => logLines(api).find((line) => line.message === "storage cleanup done"), 30_000);
  const stopApi = async (api: ServiceProcess) => {
    api.child.kill("SIGTERM");
    expect(await waitForExit(api, 30_000)).toEqual({ code: 0, signal: null });
  };

  const tempFiles = () => readdir(path.join(storageDir, ".tmp")).catch(() => [] as string[]);
  const storedKeys = async () => {
    const keys: string[] = [];
    for (const shard of (await readdir(storageDir)).filter((name) => /^[0-9a-f]{2}$/.test(name))) {
      for (const name of await readdir(path.join(storageDir, shard))) keys.push(`${shard}/${name}`);
    }
    return keys;
  };
  /** No temp file, no stored file without a row, no live row without its file. */
  const expectStorageConsistent = async () => {
    expect(await tempFiles()).toEqual([]);
    const rows = await db.document.findMany({ select: { storageKey: true, deletedAt: true } });
    const onDisk = await storedKeys();
    expect(onDisk.filter((storageKey) => !rows.some((row) => row.storageKey === storageKey))).toEqual([]);
    expect(rows.filter((row) => row.deletedAt === null && !onDisk.includes(row.storageKey))).toEqual([]);
  };

  beforeAll(async () => {
    // A database of its own: the clean-up checks every document row against this one folder.
    database = await createTestDatabase(fileDatabaseUrl().startsWith("file:") ? "sqlite" : "postgresql");
    await applyMigrations(database.url, PRISMA_DIR);
    db = createDb(database.url);
    storageDir = await mkdtemp(path.join(tmpdir(), "ocrflow-upload-faults-"));
    ({ key } = await createApiKey(db, "upload faults"));
  });

  afterAll(async () => {
    killAll(started);
    await deleteQueueKeys(inject("redisUrl"), prefix);
    await db?.$disconnect();
    await database?.drop();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  describe("when a client aborts its upload mid-body", () => {
    it("logs a warning without a stack, logs no error, and leaves no temp file or row", async () => {
      const { api, port } = await startApi();
      await cleanupReport(api);
      const requestId = `abort-${randomUUID()}`;
      const upload = startTrickleUpload(port, key, "/api/v1/documents", [{ field: "file" }], requestId);
      await waitFor("the upload's temp file", async () => (await tempFiles()).length === 1);
      upload.abort();

      const warning = await waitFor("the abort's log line", () =>
        logLines(api).find((line) => line.requestId === requestId && line.message === "upload aborted by the client"),
      );
      expect(warning.level).toBe("warn");
      expect(warning).not.toHaveProperty("stack");
      expect(logLines(api).filter((line) => line.requestId === requestId && line.level === "error")).toEqual([]);
      expect(await tempFiles()).toEqual([]);
      expect(await db.document.count()).toBe(0);
      await stopApi(api);
    });

    it("removes a batch's finished first file too when the second is cut", async () => {
      const { api, port } = await startApi();
      const requestId = `abort-batch-${randomUUID()}`;
      const first = { field: "files", bytes: await uniqueFixture("tiny.bmp") };
      const upload = startTrickleUpload(port, key, "/api/v1/jobs/batch", [first, { field: "files" }], requestId);
      await waitFor("both temp files", async () => (await tempFiles()).length === 2);
      upload.abort();

      await waitFor("the abort's log line", () =>
        logLines(api).find((line) => line.requestId === requestId && line.message === "upload aborted by the client"),
      );
      expect(await tempFiles()).toEqual([]);
      expect(await db.document.count()).toBe(0);
      await stopApi(api);
    });
  });

  describe("when the API is SIGKILLed with uploads in flight, then started again", () => {
    it("leaves no temp file, no file without a row and no row without a file, and takes a new upload", async () => {
      const { api, port, client } = await startApi();
      const kept = await uniqueFixture("tiny.gif");
      const keptUpload = await client.postForm("/api/v1/documents", fileForm(kept, "kept.gif"));
      expect(keptUpload.status).toBe(201);

      const whole = async () => ({ field: "files", bytes: await uniqueFixture("tiny.bmp") });
      const uploads = [
        startTrickleUpload(port, key, "/api/v1/documents", [{ field: "file" }], "kill-1"),
        startTrickleUpload(port, key, "/api/v1/documents", [{ field: "file" }], "kill-2"),
        startTrickleUpload(port, key, "/api/v1/jobs", [{ field: "file" }], "kill-3"),
        startTrickleUpload(port, key, "/api/v1/jobs/batch", [await whole(), { field: "files" }], "kill-4"),
      ];
      // Five temp files: one per upload, two for the batch (the first already whole).
      await waitFor("every upload to be writing", async () => (await tempFiles()).length === 5);
      api.child.kill("SIGKILL");
      expect(await waitForExit(api, 30_000)).toEqual({ code: null, signal: "SIGKILL" });
      for (const upload of uploads) expect(await upload.settled).toMatch(/^error/);
      expect(await tempFiles()).toHaveLength(5);

      const restarted = await startApi();
      const report = await cleanupReport(restarted.api);
      expect(report).toMatchObject({ tempFilesRemoved: 5, orphanFilesRemoved: 0, missingFilesMarked: 0 });
      await expectStorageConsistent();

      const download = await fetch(`http://127.0.0.1:${restarted.port}/api/v1/documents/${keptUpload.body.document.id}/content`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(Buffer.from(await download.arrayBuffer())).toEqual(kept);
      const fresh = await restarted.client.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.webp"), "fresh.webp"));
      expect(fresh.status).toBe(201);
      await expectStorageConsistent();
      await stopApi(restarted.api);
    });
  });

  describe("the storage clean-up at start", () => {
    const plantStoredFile = async (ageMs: number) => {
      const id = randomUUID();
      const file = path.join(storageDir, id.slice(0, 2), id);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, randomBytes(100));
      const when = new Date(Date.now() - ageMs);
      await utimes(file, when, when);
      return `${id.slice(0, 2)}/${id}`;
    };
    const plantTempFile = async (ageMs: number) => {
      const name = `other-host.example~4242~0a1b2c3d~${randomUUID()}.part`;
      const file = path.join(storageDir, ".tmp", name);
      await writeFile(file, randomBytes(100));
      const when = new Date(Date.now() - ageMs);
      await utimes(file, when, when);
      return name;
    };

    it("removes a stored file no row references once past the margin, keeps a younger one, and judges another host's temp files by age", async () => {
      const oldOrphan = await plantStoredFile(2 * HOUR_MS);
      const youngOrphan = await plantStoredFile(60_000);
      await plantTempFile(2 * HOUR_MS);
      const youngTemp = await plantTempFile(60_000);

      const { api } = await startApi();
      expect(await cleanupReport(api)).toMatchObject({ tempFilesRemoved: 1, orphanFilesRemoved: 1, missingFilesMarked: 0 });
      const onDisk = await storedKeys();
      expect(onDisk).not.toContain(oldOrphan);
      expect(onDisk).toContain(youngOrphan);
      expect(await tempFiles()).toEqual([youngTemp]);
      await stopApi(api);

      // What an instance on that other host would see once its upload finished, and a younger orphan once it ages.
      await rm(path.join(storageDir, ".tmp", youngTemp));
      await rm(path.join(storageDir, youngOrphan));
      await expectStorageConsistent();
    });

    it("answers 410 FILE_GONE for a document whose file was lost, then marks it deleted (404) and logs it as an error", async () => {
      const { api, client } = await startApi();
      const bytes = await uniqueFixture("tiny.bmp");
      const lost = await client.postForm("/api/v1/documents", fileForm(bytes, "lost.bmp"));
      expect(lost.status).toBe(201);
      const documentId: string = lost.body.document.id;
      const row = await db.document.findUniqueOrThrow({ where: { id: documentId } });
      await rm(path.join(storageDir, row.storageKey));

      expectError(await client.get(`/api/v1/documents/${documentId}/content`), 410, "FILE_GONE");
      const missing = await waitFor("the missing file's log line", () =>
        logLines(api).find((line) => line.message === "document file missing"),
      );
      expect(missing).toMatchObject({ level: "error", documentId });
      await stopApi(api);

      const restarted = await startApi();
      expect(await cleanupReport(restarted.api)).toMatchObject({ missingFilesMarked: 1 });
      expect(logLines(restarted.api).find((line) => line.message === "document file missing; document marked deleted")).toMatchObject({
        level: "error",
        documentId,
      });
      expectError(await restarted.client.get(`/api/v1/documents/${documentId}`), 404, "NOT_FOUND");
      expect((await db.document.findUniqueOrThrow({ where: { id: documentId } })).deletedAt).not.toBeNull();
      await expectStorageConsistent();
      // No longer a duplicate to hand out: the same content is stored again as a new document.
      const again = await restarted.client.postForm("/api/v1/documents", fileForm(bytes, "lost.bmp"));
      expect(again.status).toBe(201);
      expect(again.body.document.id).not.toBe(documentId);
      await stopApi(restarted.api);
    });
  });
});
