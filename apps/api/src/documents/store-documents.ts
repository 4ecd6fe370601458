import type { Db, Document } from "@ocrflow/shared/db";
import type { FileStorage } from "@ocrflow/shared/storage";
import type { ReceivedFile } from "../http/upload-storage.ts";
import type { UploadLimits } from "./limits/check-upload-limits.ts";
import { discardDocument, storeDocument } from "./store-document.ts";

type StorageDeps = { db: Db; storage: FileStorage; config: UploadLimits };

/**
 * Stores uploaded files as documents, in order (the same content twice
 * gives the same document). If one is refused, the documents stored so far by
 * this request are removed; the caller drops the temp files not yet stored.
 */
export async function storeDocuments(deps: StorageDeps, ownerId: string, uploads: readonly ReceivedFile[]) {
  const created: Document[] = [];
  const documents: Document[] = [];
  try {
    for (const upload of uploads) {
      const stored = await storeDocument(deps, ownerId, upload);
      if (!stored.duplicate) created.push(stored.document);
      documents.push(stored.document);
    }
  } catch (error) {
    await discardDocuments(deps, created);
    throw error;
  }
  return { documents, created };
}

/** Removes documents a failed request created, rows and files. */
export async function discardDocuments(deps: StorageDeps, documents: readonly Document[]): Promise<void> {
  for (const document of documents) await discardDocument(deps, document);
}
