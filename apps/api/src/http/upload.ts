import multer from "multer";
import { BATCH_MAX_ITEMS } from "@ocrflow/shared/constants";
import type { FileStorage } from "@ocrflow/shared/storage";
import { createHashingDiskStorage } from "./upload-storage.ts";

export const MAX_BATCH_FILES = BATCH_MAX_ITEMS;

/** Multipart parsing with every limit set, streaming files to temp storage. */
export function createUpload(storage: FileStorage, maxFileBytes: number): multer.Multer {
  return multer({
    storage: createHashingDiskStorage(storage),
    // Browsers and fetch send file names as UTF-8; busboy's default would read them as latin1.
    defParamCharset: "utf8",
    limits: {
      fileSize: maxFileBytes,
      files: MAX_BATCH_FILES,
      fields: 20,
      fieldSize: 4 * 1024,
      fieldNameSize: 100,
      parts: MAX_BATCH_FILES + 20,
      headerPairs: 100,
    },
  });
}
