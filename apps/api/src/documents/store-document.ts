import { OcrflowError } from "@ocrflow/shared/errors";
import type { Db, Document } from "@ocrflow/shared/db";
import { findOwnedDocumentByContent } from "@ocrflow/shared/jobs";
import type { FileStorage } from "@ocrflow/shared/storage";
import { storageFailureOf } from "../http/upload-errors.ts";
import type { ReceivedFile } from "../http/upload-storage.ts";
import { detectMimeType } from "./detect-mime-type.ts";
import { checkUploadLimits, type UploadLimits } from "./limits/check-upload-limits.ts";
import { sanitizeFilename } from "./sanitize-filename.ts";

export interface StoredDocument {
  document: Document;
  duplicate: boolean;
}

/**
 * Turns a streamed upload into a document: checks its content, returns the
 * owner's existing document for identical content, else moves the file into
 * place and writes the row. On any failure neither file nor row remains.
 */
export async function storeDocument(
  deps: { db: Db; storage: FileStorage; config: UploadLimits },
  ownerId: string,
  upload: ReceivedFile,
): Promise<StoredDocument> {
  const { db, storage } = deps;
  let storageKey: string | undefined;
  try {
    if (upload.size === 0) throw new OcrflowError("FILE_EMPTY", "The file is empty");
    const mimeType = await detectMimeType(upload.tempPath);
    await checkUploadLimits(upload.tempPath, mimeType, deps.config);
    const existing = await findOwnedDocumentByContent(db, ownerId, upload.sha256);
    if (existing) return { document: existing, duplicate: true };
    storageKey = await storage.commitTempFile(upload.tempPath).catch((error: unknown) => {
      throw storageFailureOf(error);
    });
    const document = await db.document.create({
      data: {
        ownerId,
        filename: sanitizeFilename(upload.originalname),
        mimeType,
        sizeBytes: upload.size,
        sha256: upload.sha256,
        storageKey,
      },
    });
    return { document, duplicate: false };
  } catch (error) {
    if (storageKey) await storage.remove(storageKey).catch(() => undefined);
    // The same content uploaded at the same moment: the other request's row won.
    if (isUniqueViolation(error)) {
      const winner = await findOwnedDocumentByContent(db, ownerId, upload.sha256);
      if (winner) return { document: winner, duplicate: true };
    }
    throw error;
  } finally {
    // Gone already when committed; otherwise this is the only copy to drop
    // (one that cannot be removed now is left to the storage clean-up).
    await storage.removeTempFile(upload.tempPath).catch(() => undefined);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === "P2002";
}

/** Removes a document this request created, row and file. */
export async function discardDocument(deps: { db: Db; storage: FileStorage }, document: Document): Promise<void> {
  await deps.db.document.delete({ where: { id: document.id } });
  await deps.storage.remove(document.storageKey);
}
