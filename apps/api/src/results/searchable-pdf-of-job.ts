import { readFile } from "node:fs/promises";
import type { Db, Job } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { FileStorage } from "@ocrflow/shared/storage";
import type { LayerWord } from "./invisible-text-layer.ts";
import { renderSearchablePdf, type SearchablePdf } from "./render-searchable-pdf.ts";

/** Header on a searchable PDF made of a digitally signed PDF: the signature covers the original bytes only. */
// Not X-Ocrflow-Signature: that header carries the HMAC of webhook deliveries.
export const SIGNATURE_HEADER = "X-Ocrflow-Pdf-Signature";
export const SIGNATURE_NOT_CARRIED_OVER = "not-carried-over";

/**
 * The searchable PDF of a completed job, from its document's stored file and
 * its stored pages. 410 FILE_GONE when the document's file has been removed.
 */
export async function searchablePdfOfJob(db: Db, storage: FileStorage, job: Job): Promise<SearchablePdf> {
  const document = await db.document.findUnique({ where: { id: job.documentId }, select: { storageKey: true, mimeType: true } });
  if (!document) throw new OcrflowError("FILE_GONE", "The job's document has been deleted");
  let file: Buffer;
  try {
    file = await readFile(storage.pathOf(document.storageKey));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new OcrflowError("FILE_GONE", "The job's document file is no longer stored");
    throw error;
  }
  const rows = await db.jobPage.findMany({ where: { jobId: job.id }, orderBy: { page: "asc" } });
  const pages = rows.map((row) => ({
    page: row.page,
    width: row.width,
    height: row.height,
    words: JSON.parse(row.words) as LayerWord[],
    source: row.source === "embedded" ? ("embedded" as const) : ("ocr" as const),
    // Degrees the page was turned clockwise to stand upright before it was read.
    rotation: row.rotation,
  }));
  return renderSearchablePdf({ file, mimeType: document.mimeType, pages });
}
