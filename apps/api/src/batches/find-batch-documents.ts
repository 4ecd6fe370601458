import type { Db } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";

/** The caller's live documents for a batch, in request order; 404 listing any that are not. */
export async function findBatchDocuments(db: Db, ownerId: string, documentIds: readonly string[]) {
  const found = await db.document.findMany({
    where: { id: { in: [...new Set(documentIds)] }, ownerId, deletedAt: null },
    select: { id: true, sha256: true },
  });
  const byId = new Map(found.map((document) => [document.id, document]));
  const missing = documentIds.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new OcrflowError("NOT_FOUND", `No such document: ${missing.length} of the batch`, {
      details: { missing: [...new Set(missing)] },
    });
  }
  return documentIds.map((id) => byId.get(id)!);
}
