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

/**
 * A multer storage engine that streams each upload to a temp file while
 * hashing it, so memory stays flat whatever the file size. Multer calls
 * `_removeFile` for every stored file when a request fails (size limit, bad
 * field...), which leaves no temp file behind.
 */
export function createHashingDiskStorage(storage: FileStorage): multer.StorageEngine {
  return {
    _handleFile(_req: Request, file, callback) {
      const { tempPath, stream } = storage.createTempFile();
      const hashing = new HashingStream();
      pipeline(file.stream, hashing, stream).then(
        () => callback(null, { tempPath, size: hashing.bytes, sha256: hashing.digestHex() } as Partial<Express.Multer.File>),
        (error: unknown) => {
          storage.removeTempFile(tempPath).finally(() => callback(error as Error));
        },
      );
    },
    _removeFile(_req: Request, file, callback) {
      storage.removeTempFile((file as UploadedFile).tempPath).then(() => callback(null), callback);
    },
  };
}
