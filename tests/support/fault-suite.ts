import { inject } from "vitest";
import { type DbProvider, dbProviderOf } from "../../packages/shared/src/db-provider.ts";
import { type ApiClient, fileForm, fixture, uniqueCopy } from "./http-client.ts";
import type { ServiceProcess } from "./service-processes.ts";
import { createTestDatabase, type TestDatabase, fileDatabaseUrl } from "./test-databases.ts";
import type { TestService } from "./test-service.ts";
import { waitFor } from "./wait-for.ts";

/** The provider of the suite being run (integration-sqlite or integration-postgresql). */
export function suiteProvider(): DbProvider {
  return dbProviderOf(fileDatabaseUrl());
}

/**
 * A migrated database of the test's own: the fault tests count every row in
 * it, and their workers' reconciler sees no other test's jobs.
 */
export async function createPrivateDatabase(): Promise<TestDatabase> {
  return createTestDatabase(suiteProvider(), inject("templateDatabaseUrl"));
}

/** Submits each fixture (new content every time) and returns the ids of the jobs acknowledged with 202. */
export async function submitJobs(client: ApiClient, names: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const { status, body } = await client.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture(name)), name));
    if (status !== 202) throw new Error(`submit of ${name} answered ${status}: ${JSON.stringify(body)}`);
    ids.push(body.job.id);
  }
  return ids;
}

export interface FaultTally {
  acknowledged: number;
  completed: number;
  /** Completions logged by workers beyond one per job, and stored pages beyond the page count. */
  duplicates: number;
  /** Jobs still queued or processing. */
  stuck: number;
  /** Completed jobs whose stored pages are not exactly 1..pageCount. */
  incomplete: number;
  reenqueued: number;
}

/** Waits (bounded) until no acknowledged job is active any more; a timeout shows up as stuck jobs in the tally. */
export async function waitUntilSettled(service: Pick<TestService, "db">, jobIds: readonly string[], timeoutMs = 180_000): Promise<void> {
  await waitFor(
    "every acknowledged job to finish",
    async () => {
      const active = await service.db.job.count({ where: { id: { in: [...jobIds] }, status: { in: ["queued", "processing"] } } });
      return active === 0;
    },
    timeoutMs,
    500,
  ).catch(() => undefined);
}

/** What became of the acknowledged jobs, from the database and the workers' own logs. */
export async function tallyJobs(
  service: Pick<TestService, "db">,
  jobIds: readonly string[],
  workers: readonly Pick<ServiceProcess, "output">[],
): Promise<FaultTally> {
  const { db } = service;
  const jobs = await db.job.findMany({ where: { id: { in: [...jobIds] } }, include: { result: true, pages: { select: { page: true } } } });
  const logLines = workers
    .flatMap((worker) => worker.output().split("\n"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { message?: string; jobId?: string }];
      } catch {
        return [];
      }
    });
  const completions = new Map<string, number>();
  for (const line of logLines) {
    if (line.message === "job completed" && line.jobId) completions.set(line.jobId, (completions.get(line.jobId) ?? 0) + 1);
  }
  let duplicates = 0;
  let incomplete = 0;
  for (const job of jobs) {
    duplicates += Math.max(0, (completions.get(job.id) ?? 0) - 1);
    if (job.status !== "completed" || !job.result) continue;
    const pages = job.pages.map((page) => page.page).sort((a, b) => a - b);
    duplicates += Math.max(0, pages.length - job.result.pageCount);
    if (pages.join() !== Array.from({ length: job.result.pageCount }, (_, index) => index + 1).join()) incomplete += 1;
  }
  return {
    acknowledged: jobIds.length,
    completed: jobs.filter((job) => job.status === "completed" && job.result).length,
    duplicates,
    stuck: jobs.filter((job) => job.status === "queued" || job.status === "processing").length,
    incomplete,
    reenqueued: logLines.filter((line) => line.message === "job missing from its queue; enqueued again").length,
  };
}

/** One line per fault for the suite's summary. */
export function logFaultSummary(fault: string, tally: FaultTally): void {
  const fields = Object.entries(tally).map(([name, value]) => `${name}=${value}`);
  console.log(`FAULT SUMMARY [${suiteProvider()}] ${fault}: ${fields.join(" ")}`);
}
