import { once } from "node:events";
import type { ReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Response } from "express";
import { isSupportedMimeType } from "@ocrflow/shared/constants";
import type { Document } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { Logger } from "@ocrflow/shared/logger";
import type { FileStorage } from "@ocrflow/shared/storage";

/**
 * Streams a document's original bytes as a download. The type is the one
 * detected from its content at upload (an image or PDF, never HTML), sniffing
 * is off and nothing in it may run, so an upload is never served as a page.
 */
export async function sendDocumentContent(
  deps: { storage: FileStorage; logger: Logger },
  document: Document,
  res: Response,
): Promise<void> {
  const stream = await openStoredFile(deps, document);
  // attachment() also sets a type from the name's extension: the stored type replaces it below.
  res.attachment(document.filename);
  res.set({
    "Content-Type": isSupportedMimeType(document.mimeType) ? document.mimeType : "application/octet-stream",
    "Content-Length": String(document.sizeBytes),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  await pipeline(stream, res);
}

/**
 * Opens the file before any header is sent. A live document whose file is
 * missing was lost outside the service (the storage clean-up marks it
 * deleted on its next run): 410 for the client, an error for the operator.
 */
async function openStoredFile(deps: { storage: FileStorage; logger: Logger }, document: Document): Promise<ReadStream> {
  const stream = deps.storage.openRead(document.storageKey);
  try {
    await once(stream, "open");
    return stream;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    deps.logger.error("document file missing", { documentId: document.id, storageKey: document.storageKey });
    throw new OcrflowError("FILE_GONE", "This document's file is no longer available; upload it again");
  }
}
