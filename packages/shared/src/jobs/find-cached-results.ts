import { type Db, type JobPage, joinSql, type Result, sql } from "../db.ts";

export interface CachedResult {
  result: Result;
  pages: JobPage[];
}

/**
 * The stored result for each cache key that has a completed job, whoever owns
 * it: the result depends only on the content and the options. One grouped
 * query over the (cacheKey, status) index picks one job per key (raw SQL: it
 * runs on every submit, see db.ts).
 */
export async function findCachedResults(db: Db, cacheKeys: readonly string[]): Promise<Map<string, CachedResult>> {
  if (cacheKeys.length === 0) return new Map();
  const found = await db.$queryRaw<{ cacheKey: string; id: string }[]>(
    sql`SELECT "cacheKey", MAX("id") AS "id" FROM "Job"
        WHERE "cacheKey" IN (${joinSql([...new Set(cacheKeys)])}) AND "status" = 'completed'
        GROUP BY "cacheKey"`,
  );
  if (found.length === 0) return new Map();
  const jobIds = found.map((source) => source.id);
  const [results, pages] = await Promise.all([
    db.result.findMany({ where: { jobId: { in: jobIds } } }),
    db.jobPage.findMany({ where: { jobId: { in: jobIds } }, orderBy: [{ jobId: "asc" }, { page: "asc" }] }),
  ]);
  const cached = new Map<string, CachedResult>();
  for (const source of found) {
    const result = results.find((candidate) => candidate.jobId === source.id);
    // Deleted since it was found: then it is a miss, and OCR runs.
    if (!result) continue;
    cached.set(source.cacheKey, { result, pages: pages.filter((page) => page.jobId === source.id) });
  }
  return cached;
}
