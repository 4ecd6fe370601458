import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import type { Response } from "express";
import { isSupportedMimeType } from "@ocrflow/shared/constants";
import type { Document } from "@ocrflow/shared/db";
import type { FileStorage } from "@ocrflow/shared/storage";

/**
 * Streams a document's original bytes as a download. The type is the one
 * detected from its content at upload (an image or PDF, never HTML), sniffing
 * is off and nothing in it may run, so an upload is never served as a page.
 */
export async function sendDocumentContent(storage: FileStorage, document: Document, res: Response): Promise<void> {
  const stream = storage.openRead(document.storageKey);
  // Fails here, before any header is sent, when the file cannot be opened.
  await once(stream, "open");
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
