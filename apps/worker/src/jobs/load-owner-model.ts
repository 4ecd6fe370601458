import type { Db } from "@ocrflow/shared/db";
import { type OwnerModel, trainOwnerModel } from "@ocrflow/shared/understand";

// The most recent corrections are enough to learn from, and keep the query and training cheap.
const MAX_CORRECTIONS = 200;

/**
 * What an owner's corrections teach (owner-classifier.ts): the text of the
 * latest result of each document they filed under a category themselves.
 * Undefined while they have filed none.
 */
export async function loadOwnerModel(db: Db, ownerId: string): Promise<OwnerModel | undefined> {
  const corrected = await db.document.findMany({
    where: { ownerId, deletedAt: null, category: { not: null } },
    orderBy: { categorySetAt: "desc" },
    take: MAX_CORRECTIONS,
    select: {
      category: true,
      jobs: { where: { status: "completed" }, orderBy: { finishedAt: "desc" }, take: 1, select: { result: { select: { text: true } } } },
    },
  });
  const examples = corrected.flatMap((document) => {
    const text = document.jobs[0]?.result?.text;
    return text && document.category ? [{ text, category: document.category }] : [];
  });
  return examples.length > 0 ? trainOwnerModel(examples) : undefined;
}
