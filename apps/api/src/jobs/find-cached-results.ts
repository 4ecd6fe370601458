import type { Db, JobPage, Result } from "@ocrflow/shared/db";

export interface CachedResult {
  result: Result;
  pages: JobPage[];
}

/**
 * The stored result for each cache key that has a completed job, whoever owns
 * it: the result depends only on the content and the options. One grouped
 * query over the (cacheKey, status) index picks one job per key.
 */
export async function findCachedResults(db: Db, cacheKeys: readonly string[]): Promise<Map<string, CachedResult>> {
  const groups = await db.job.groupBy({
    by: ["cacheKey"],
    where: { cacheKey: { in: [...new Set(cacheKeys)] }, status: "completed" },
    _max: { id: true },
  });
  const found = groups.flatMap((group) => (group.cacheKey && group._max.id ? [{ cacheKey: group.cacheKey, id: group._max.id }] : []));
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
