import type { RequestHandler } from "express";
import multer from "multer";
import { BATCH_MAX_ITEMS } from "@ocrflow/shared/constants";
import { describeError } from "@ocrflow/shared/errors";
import type { Logger } from "@ocrflow/shared/logger";
import type { FileStorage } from "@ocrflow/shared/storage";
import { clientWentAway, isFileSystemError, storageFailureOf } from "./upload-errors.ts";
import { createHashingDiskStorage } from "./upload-storage.ts";

export const MAX_BATCH_FILES = BATCH_MAX_ITEMS;

/** Multipart parsing for one route: `single("file")` or `array("files", n)`. */
export interface Upload {
  single: (field: string) => RequestHandler;
  array: (field: string, maxCount: number) => RequestHandler;
}

/** Multipart parsing with every limit set, streaming files to temp storage. */
export function createUpload(storage: FileStorage, maxFileBytes: number, logger: Logger): Upload {
  const diskStorage = createHashingDiskStorage(storage);
  const parser = multer({
    storage: diskStorage.engine,
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
  const guard = (parse: RequestHandler): RequestHandler => {
    return (req, res, next) => {
      parse(req, res, async (error?: unknown) => {
        if (!error) return next();
        await diskStorage.settled(req);
        // A client that hung up mid-body is no server fault and hears no answer.
        if (clientWentAway(req)) {
          logger.warn("upload aborted by the client", { requestId: req.id, path: req.path, reason: describeError(error) });
          res.destroy();
          return;
        }
        // A write that failed (disk full...) is a storage error, whichever stream multer heard it from.
        next(isFileSystemError(error) ? storageFailureOf(error) : error);
      });
    };
  };
  return {
    single: (field) => guard(parser.single(field)),
    array: (field, maxCount) => guard(parser.array(field, maxCount)),
  };
}
