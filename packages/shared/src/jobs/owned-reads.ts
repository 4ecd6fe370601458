import { OcrflowError } from "../errors.ts";
import { type Db, type DbTx, type Document, type Job, joinSql, sql } from "../db.ts";
import type { JobState } from "./job-status.ts";

/**
 * The reads that find a caller's jobs and documents. Another owner's row
 * answers exactly like a missing one (404), so ids never leak. Raw SQL: they
 * run on every poll and submit (see db.ts).
 */

export async function findOwnedJob(db: Db, ownerId: string, id: string): Promise<Job> {
  const [job] = await db.$queryRaw<Job[]>(sql`SELECT * FROM "Job" WHERE "id" = ${id} AND "ownerId" = ${ownerId}`);
  if (!job) throw new OcrflowError("NOT_FOUND", "No such job");
  return job;
}

export async function findOwnedDocument(db: Db, ownerId: string, id: string): Promise<Document> {
  const [document] = await findLiveDocuments(db, ownerId, [id]);
  if (!document) throw new OcrflowError("NOT_FOUND", "No such document");
  return document;
}

/** The caller's live documents of a batch, in the order of `ids` (which may repeat one); 404 naming every one that is not. */
export async function findOwnedDocuments(db: Db, ownerId: string, ids: readonly string[]): Promise<Document[]> {
  const found = await findLiveDocuments(db, ownerId, ids);
  const byId = new Map(found.map((document) => [document.id, document]));
  const missing = [...new Set(ids.filter((id) => !byId.has(id)))];
  if (missing.length > 0) {
    throw new OcrflowError("NOT_FOUND", `No such document: ${missing.length} of the batch`, { details: { missing } });
  }
  return ids.map((id) => byId.get(id)!);
}

function findLiveDocuments(db: Db, ownerId: string, ids: readonly string[]): Promise<Document[]> {
  return db.$queryRaw<Document[]>(
    sql`SELECT * FROM "Document" WHERE "id" IN (${joinSql([...new Set(ids)])}) AND "ownerId" = ${ownerId} AND "deletedAt" IS NULL`,
  );
}

/** The caller's live document with this content, if any (an upload of it again is a duplicate). */
export async function findOwnedDocumentByContent(db: Db, ownerId: string, sha256: string): Promise<Document | null> {
  const [document] = await db.$queryRaw<Document[]>(
    sql`SELECT * FROM "Document" WHERE "ownerId" = ${ownerId} AND "sha256" = ${sha256} AND "deletedAt" IS NULL`,
  );
  return document ?? null;
}

/** A job's status now, whoever owns it, or "deleted" when its row is gone. */
export async function readJobState(db: Db | DbTx, jobId: string): Promise<JobState> {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { status: true } });
  return (job?.status as JobState | undefined) ?? "deleted";
}
