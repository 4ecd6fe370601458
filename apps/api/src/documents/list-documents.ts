import type { Db } from "@ocrflow/shared/db";
import type { documentListQuerySchema } from "@ocrflow/shared/validators";
import type { z } from "zod";
import { documentJson } from "./document-json.ts";

type DocumentListQuery = z.infer<typeof documentListQuerySchema>;

/** A page of the caller's live documents (of those `ids` only, when given); id breaks ties so pages never overlap. */
export async function listDocuments(db: Db, ownerId: string, query: DocumentListQuery) {
  const { page, pageSize, sort, ids } = query;
  const where = { ownerId, deletedAt: null, ...(ids ? { id: { in: ids } } : {}) };
  const [documents, counted] = await Promise.all([
    db.document.findMany({
      where,
      orderBy: [{ [sort.field]: sort.direction }, { id: sort.direction }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    // A plain COUNT(*) grouped by the one owner (see listJobs): count() would read every row.
    db.document.groupBy({ by: ["ownerId"], where, _count: { _all: true } }),
  ]);
  return { items: documents.map(documentJson), page, pageSize, total: counted[0]?._count._all ?? 0 };
}
