import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, fileForm, expectError, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const run = promisify(execFile);
const MB = 1024 * 1024;

/** A PNG signature and then noise: refused only by the disk, never before its bytes are written. */
const pngOfSize = (bytes: number) => Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), randomBytes(bytes - 8)]);

async function mountTmpfs(dir: string, size: string): Promise<void> {
  await run("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]).catch((error: Error) => {
    throw new Error(`this test needs root to mount a ${size} tmpfs as STORAGE_DIR (mount -t tmpfs failed: ${error.message})`);
  });
}

describe("when the disk under STORAGE_DIR fills up or fails (a real 2 MB tmpfs)", () => {
  let storageDir: string;
  let mounted = false;
  let service: TestService;
  let client: ApiClient;
  let userId: string;
  let key: string;

  const rowsOfUser = () => service.db.document.count({ where: { ownerId: userId } });
  const noInternals = (body: unknown) => {
    const text = JSON.stringify(body);
    expect(text).not.toContain(storageDir);
    expect(text).not.toMatch(/ENOSPC|\.part|stack/);
  };

  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), "ocrflow-full-disk-"));
    await mountTmpfs(storageDir, "2m");
    mounted = true;
    service = await startTestService({ storageDir });
    const user = await service.createUser("full disk");
    ({ userId, key } = user);
    client = apiClient(service.baseUrl, key);
  });

  afterAll(async () => {
    await service?.close();
    if (mounted) await run("umount", [storageDir]);
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  it("answers 507 INSUFFICIENT_STORAGE to an upload larger than the free space, and keeps nothing of it", async () => {
    const response = await client.postForm("/api/v1/documents", fileForm(pngOfSize(3 * MB), "big.png"));
    expectError(response, 507, "INSUFFICIENT_STORAGE");
    noInternals(response.body);
    expect(await service.storedFiles()).toEqual([]);
    expect(await rowsOfUser()).toBe(0);
  });

  it("answers 507 to upload-and-submit too, with no document, job or file left", async () => {
    const response = await client.postForm("/api/v1/jobs", fileForm(pngOfSize(3 * MB), "big.png"));
    expectError(response, 507, "INSUFFICIENT_STORAGE");
    expect(await service.storedFiles()).toEqual([]);
    expect(await rowsOfUser()).toBe(0);
    expect(await service.db.job.count({ where: { ownerId: userId } })).toBe(0);
  });

  it("keeps serving: a small upload is stored and downloads whole", async () => {
    const bytes = await uniqueFixture("tiny.bmp");
    const response = await client.postForm("/api/v1/documents", fileForm(bytes, "tiny.bmp"));
    expect(response.status).toBe(201);
    const content = await fetch(`${service.baseUrl}/api/v1/documents/${response.body.document.id}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(Buffer.from(await content.arrayBuffer())).toEqual(bytes);
    expect(await service.storedFiles()).toHaveLength(1);
  });

  it("refuses a batch whose second file does not fit, and removes its first file too", async () => {
    const form = new FormData();
    form.append("files", new Blob([new Uint8Array(pngOfSize(MB))]), "first.png");
    form.append("files", new Blob([new Uint8Array(pngOfSize(1.5 * MB))]), "second.png");
    const response = await client.postForm("/api/v1/jobs/batch", form);
    expectError(response, 507, "INSUFFICIENT_STORAGE");
    expect(await service.storedFiles()).toHaveLength(1);
    expect(await rowsOfUser()).toBe(1);
  });

  it("answers 503 STORAGE_FAILED, naming only the errno code, when the storage turns read-only; works again once it is writable", async () => {
    await run("mount", ["-o", "remount,ro", storageDir]);
    try {
      const response = await client.postForm("/api/v1/documents", fileForm(await uniqueFixture("transparent.png"), "transparent.png"));
      expectError(response, 503, "STORAGE_FAILED");
      expect(response.body.error.message).toContain("EROFS");
      noInternals(response.body);
    } finally {
      await run("mount", ["-o", "remount,rw", storageDir]);
    }
    expect(await service.storedFiles()).toHaveLength(1);
    expect(await rowsOfUser()).toBe(1);
  });

  it("still stores a file once space is there again", async () => {
    const response = await client.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.gif"), "tiny.gif"));
    expect(response.status).toBe(201);
    expect(await service.storedFiles()).toHaveLength(2);
  });
});
