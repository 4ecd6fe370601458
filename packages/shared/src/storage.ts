import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";

const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/**
 * Uploaded files on local disk, under generated names only: no client-supplied
 * name or path ever reaches the file system. Uploads are written to `.tmp`
 * first and renamed into place, so a crash never leaves a half file in place.
 */
export class FileStorage {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, ".tmp");
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
  }

  createTempFile(): { tempPath: string; stream: WriteStream } {
    const tempPath = path.join(this.tmpDir, `${randomUUID()}.part`);
    return { tempPath, stream: createWriteStream(tempPath, { flags: "wx" }) };
  }

  /** Moves a finished temp file into place and returns its storage key. */
  async commitTempFile(tempPath: string): Promise<string> {
    const id = randomUUID();
    const storageKey = `${id.slice(0, 2)}/${id}`;
    await mkdir(path.dirname(this.pathOf(storageKey)), { recursive: true });
    await rename(tempPath, this.pathOf(storageKey));
    return storageKey;
  }

  async removeTempFile(tempPath: string): Promise<void> {
    if (path.dirname(tempPath) !== this.tmpDir) throw new Error("not a temp upload path");
    await rm(tempPath, { force: true });
  }

  pathOf(storageKey: string): string {
    if (!STORAGE_KEY.test(storageKey)) throw new Error(`invalid storage key "${storageKey}"`);
    return path.join(this.root, storageKey);
  }

  openRead(storageKey: string): ReadStream {
    return createReadStream(this.pathOf(storageKey));
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
  }
}
