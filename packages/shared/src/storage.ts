import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import { finished } from "node:stream/promises";
import { hostname } from "node:os";
import path from "node:path";

const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;
const SHARD_DIR = /^[0-9a-f]{2}$/;
const STORED_NAME = /^[0-9a-f-]{36}$/;
const TEMP_NAME = /^([A-Za-z0-9.-]+)~(\d+)~([0-9a-f]{8})~[0-9a-f-]{36}\.part$/;

/** Which process wrote a temp upload: its host, pid and a tag of that one run (a pid comes back after a restart). */
export interface TempFileWriter {
  host: string;
  pid: number;
  run: string;
}

export interface TempFileEntry {
  path: string;
  /** undefined for a name this version does not write. */
  writer?: TempFileWriter;
  mtimeMs: number;
}

/** The writer a temp upload's name records, or undefined for any other name. */
export function tempFileWriterOf(name: string): TempFileWriter | undefined {
  const match = TEMP_NAME.exec(name);
  return match ? { host: match[1]!, pid: Number(match[2]), run: match[3]! } : undefined;
}

const thisWriter = (): TempFileWriter => ({
  host: hostname().replace(/[^A-Za-z0-9.-]/g, "-") || "host",
  pid: process.pid,
  run: randomUUID().slice(0, 8),
});

/**
 * Uploaded files on local disk, under generated names only: no client-supplied
 * name or path ever reaches the file system. Uploads are written to `.tmp`
 * first and renamed into place, so a crash never leaves a half file in place;
 * a temp file's name says which process wrote it, so the clean-up can tell a
 * dead process's leftovers from another instance's upload in progress.
 */
export class FileStorage {
  readonly root: string;
  readonly writer: TempFileWriter;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, ".tmp");
    this.writer = thisWriter();
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
  }

  createTempFile(): { tempPath: string; stream: WriteStream } {
    const { host, pid, run } = this.writer;
    const tempPath = path.join(this.tmpDir, `${host}~${pid}~${run}~${randomUUID()}.part`);
    return { tempPath, stream: createWriteStream(tempPath, { flags: "wx" }) };
  }

  /**
   * Moves a finished temp file into place and returns its storage key. Its
   * mtime becomes the commit time, so the orphan clean-up measures its margin
   * from the rename, not from when the upload was written.
   */
  async commitTempFile(tempPath: string): Promise<string> {
    this.assertTempPath(tempPath);
    const id = randomUUID();
    const storageKey = `${id.slice(0, 2)}/${id}`;
    const now = new Date();
    await utimes(tempPath, now, now);
    await mkdir(path.dirname(this.pathOf(storageKey)), { recursive: true });
    await rename(tempPath, this.pathOf(storageKey));
    return storageKey;
  }

  /** Writes bytes as a new stored file, through a temp file like an upload; returns its storage key. */
  async storeBuffer(data: Buffer): Promise<string> {
    await this.init();
    const { tempPath, stream } = this.createTempFile();
    try {
      stream.end(data);
      await finished(stream);
      return await this.commitTempFile(tempPath);
    } catch (error) {
      await this.removeTempFile(tempPath);
      throw error;
    }
  }

  async removeTempFile(tempPath: string): Promise<void> {
    this.assertTempPath(tempPath);
    await rm(tempPath, { force: true });
  }

  /** Every file in `.tmp`, with its writer and last write. */
  async listTempFiles(): Promise<TempFileEntry[]> {
    const entries: TempFileEntry[] = [];
    for (const name of await readdir(this.tmpDir).catch(missingAsEmpty)) {
      const mtimeMs = await mtimeOf(path.join(this.tmpDir, name));
      if (mtimeMs !== undefined) entries.push({ path: path.join(this.tmpDir, name), writer: tempFileWriterOf(name), mtimeMs });
    }
    return entries;
  }

  /** Storage keys of every stored file, shard by shard (one shard per call). */
  async *listStorageKeys(): AsyncGenerator<string[]> {
    for (const shard of await readdir(this.root).catch(missingAsEmpty)) {
      if (!SHARD_DIR.test(shard)) continue;
      const names = await readdir(path.join(this.root, shard)).catch(missingAsEmpty);
      yield names.filter((name) => STORED_NAME.test(name)).map((name) => `${shard}/${name}`);
    }
  }

  /** When a stored file was committed, or undefined when it does not exist. */
  committedAt(storageKey: string): Promise<number | undefined> {
    return mtimeOf(this.pathOf(storageKey));
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

  private assertTempPath(tempPath: string): void {
    if (path.dirname(tempPath) !== this.tmpDir) throw new Error("not a temp upload path");
  }
}

export const PAGE_IMAGE_DIR = "pages";

/**
 * The pages as workers read them (JobPage.imageKey), a store of its own under
 * `<root>/pages`: the same generated names and temp-then-rename writes, kept
 * apart from the uploads so each clean-up checks its files against its own rows.
 */
export function pageImageStorage(storage: FileStorage): FileStorage {
  return new FileStorage(path.join(storage.root, PAGE_IMAGE_DIR));
}

function missingAsEmpty(error: NodeJS.ErrnoException): string[] {
  if (error.code === "ENOENT") return [];
  throw error;
}

async function mtimeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
