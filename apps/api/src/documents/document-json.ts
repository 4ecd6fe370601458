import type { Document } from "@ocrflow/shared/db";

/** The API's Document, as API.md gives it. */
export function documentJson(document: Document) {
  return {
    id: document.id,
    filename: document.filename,
    mimeType: document.mimeType,
    sizeBytes: document.sizeBytes,
    sha256: document.sha256,
    pageCount: document.pageCount,
    category: document.category,
    createdAt: document.createdAt.toISOString(),
  };
}
