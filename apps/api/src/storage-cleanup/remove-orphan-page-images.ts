import type { Db } from "@ocrflow/shared/db";
import type { FileStorage } from "@ocrflow/shared/storage";
import { removeAbandonedTempFiles } from "./remove-abandoned-temp-files.ts";
import { removeUnreferencedFiles } from "./remove-orphan-files.ts";

/**
 * Removes the page images no JobPage row names any more: their job was
 * deleted (with every cached copy of its pages), its page read again, or the
 * worker stopped before storing the page; and the temp files of a worker
 * killed while writing one. Nothing while no page has an image at all (a new
 * or wrong DATABASE_URL). Returns how many files went.
 */
export async function removeOrphanPageImages(
  deps: { db: Db; pageImages: FileStorage },
  signal: AbortSignal,
  now = Date.now(),
): Promise<number> {
  const { db, pageImages } = deps;
  const temp = await removeAbandonedTempFiles(pageImages, now);
  const anyImage = await db.jobPage.findFirst({ where: { imageKey: { not: null } }, select: { jobId: true } });
  const referencedOf = async (keys: string[]) => {
    const rows = await db.jobPage.findMany({ where: { imageKey: { in: keys } }, select: { imageKey: true } });
    return new Set(rows.map((row) => row.imageKey!));
  };
  const { removed } = await removeUnreferencedFiles(pageImages, referencedOf, { skip: !anyImage, signal, now });
  return temp + removed;
}
