import { createDb } from "../../packages/shared/src/db.ts";
import type { DbProvider } from "../../packages/shared/src/db-provider.ts";
import { startBenchService } from "../lib/bench-service.ts";
import { type Latency, measureLatency } from "../lib/latency.ts";
import { seedJobs } from "../lib/seed-jobs.ts";

export const LIST_JOBS = 100_000;
const LIST_DOCUMENTS = 10_000;

/** Pages of the list routes over one user's 100,000 jobs and 10,000 documents, deep pages and a status filter included. */
const ROUTES = [
  "/api/v1/jobs?pageSize=100",
  "/api/v1/jobs?page=500&pageSize=100",
  "/api/v1/jobs?page=1000&pageSize=100",
  "/api/v1/jobs?status=failed&pageSize=100",
  "/api/v1/documents?pageSize=100",
  "/api/v1/documents?page=100&pageSize=100",
];

/**
 * The API alone over a large history: one user's rows seeded straight into
 * its SQLite database (tests/integration/lists-scale.test.ts checks the same
 * pages' contents and query plans), then each route at 20 requests/s for 5 s.
 */
export async function measureLists(database: DbProvider = "sqlite"): Promise<{ route: string; latency: Latency }[]> {
  const service = await startBenchService({ workers: 0, workerConcurrency: 1, database });
  try {
    const db = createDb(service.databaseUrl);
    try {
      await seedJobs(db, service.databaseUrl, service.userId, { jobCount: LIST_JOBS, documentCount: LIST_DOCUMENTS });
    } finally {
      await db.$disconnect();
    }
    const headers = { authorization: `Bearer ${service.key}` };
    const measured: { route: string; latency: Latency }[] = [];
    for (const route of ROUTES) {
      measured.push({ route, latency: await measureLatency({ url: `${service.baseUrl}${route}`, headers, rate: 20, seconds: 5 }) });
    }
    return measured;
  } finally {
    await service.close();
  }
}
