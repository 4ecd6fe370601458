import type { Db } from "@ocrflow/shared/db";
import { ACTIVE_STATUSES } from "@ocrflow/shared/jobs";
import { OcrflowError } from "@ocrflow/shared/errors";

/**
 * Soft-deletes a document: it leaves lists and lookups, its jobs and results
 * stay, and the same content can be uploaded again as a new document (the
 * dedup index covers live rows only). One conditional update, so a job
 * queued at the same moment either blocks the delete or finds it done.
 */
export async function deleteDocument(db: Db, ownerId: string, documentId: string): Promise<void> {
  const { count } = await db.document.updateMany({
    where: { id: documentId, ownerId, deletedAt: null, jobs: { none: { status: { in: [...ACTIVE_STATUSES] } } } },
    data: { deletedAt: new Date() },
  });
  if (count === 1) return;
  const live = await db.document.findFirst({ where: { id: documentId, ownerId, deletedAt: null }, select: { id: true } });
  if (!live) throw new OcrflowError("NOT_FOUND", "No such document");
  throw new OcrflowError("CONFLICT", "A job on this document is queued or processing; cancel it or wait until it finishes");
}
