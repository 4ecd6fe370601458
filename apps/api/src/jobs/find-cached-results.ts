import type { Db, JobPage, Result } from "@ocrflow/shared/db";

export interface CachedResult {
  result: Result;
  pages: JobPage[];
}

/**
 * The stored result for each cache key that has a completed job, whoever owns
 * it: the result depends only on the content and the options. One indexed
 * lookup per key (cacheKey + status), since cache hits add more rows per key.
 */
export async function findCachedResults(db: Db, cacheKeys: readonly string[]): Promise<Map<string, CachedResult>> {
  const sources = await Promise.all(
    [...new Set(cacheKeys)].map((cacheKey) =>
      db.job.findFirst({ where: { cacheKey, status: "completed" }, select: { id: true, cacheKey: true } }),
    ),
  );
  const found = sources.filter((source) => source !== null);
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
    if (!result || !source.cacheKey) continue;
    cached.set(source.cacheKey, { result, pages: pages.filter((page) => page.jobId === source.id) });
  }
  return cached;
}
