import { pipeline } from "node:stream/promises";
import type { Request } from "express";
import type multer from "multer";
import { HashingStream } from "@ocrflow/shared/encoding";
import type { FileStorage } from "@ocrflow/shared/storage";

/** What the upload storage adds to each multer file. */
export interface StoredUpload {
  tempPath: string;
  size: number;
  sha256: string;
}
export type UploadedFile = Express.Multer.File & StoredUpload;
/** What storing a received file needs: multer's uploads, or a body taken whole (the Azure-compatible analyze). */
export type ReceivedFile = StoredUpload & Pick<Express.Multer.File, "originalname">;

export interface HashingDiskStorage {
  engine: multer.StorageEngine;
  /**
   * Resolves once every temp file of the request is written or removed.
   * Multer reports a failed write before the engine has removed the file;
   * waiting for this keeps a failed request from answering while its temp
   * file still exists.
   */
  settled: (req: Request) => Promise<void>;
}

/**
 * A multer storage engine that streams each upload to a temp file while
 * hashing it, so memory stays flat whatever the file size. When the write
 * or the request fails (disk full, client gone) the temp file is removed
 * here, and multer calls `_removeFile` for the files a failed request
 * already stored, so nothing is left behind.
 */
export function createHashingDiskStorage(storage: FileStorage): HashingDiskStorage {
  const writes = new WeakMap<Request, Promise<unknown>[]>();
  const engine: multer.StorageEngine = {
    _handleFile(req: Request, file, callback) {
      const { tempPath, stream } = storage.createTempFile();
      const hashing = new HashingStream();
      const written = pipeline(file.stream, hashing, stream).then(
        () => callback(null, { tempPath, size: hashing.bytes, sha256: hashing.digestHex() } as Partial<Express.Multer.File>),
        async (error: unknown) => {
          // A temp file that cannot be removed now is the storage clean-up's to take.
          await storage.removeTempFile(tempPath).catch(() => undefined);
          callback(error as Error);
        },
      );
      writes.set(req, [...(writes.get(req) ?? []), written]);
    },
    _removeFile(_req: Request, file, callback) {
      storage.removeTempFile((file as UploadedFile).tempPath).then(() => callback(null), callback);
    },
  };
  return {
    engine,
    settled: async (req) => {
      await Promise.allSettled(writes.get(req) ?? []);
    },
  };
}
