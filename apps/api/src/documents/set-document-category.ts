import type { Db, Document } from "@ocrflow/shared/db";
import type { Category } from "@ocrflow/shared/understand";

/**
 * Files an owner's document under `category`: it overrides the category the
 * worker found in its results, and the worker learns from it for that
 * owner's later documents (owner-classifier.ts).
 */
export function setDocumentCategory(db: Db, document: Document, category: Category): Promise<Document> {
  return db.document.update({ where: { id: document.id }, data: { category, categorySetAt: new Date() } });
}
