import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_STATUSES, seededJobId, seedJobs } from "../../bench/lib/seed-jobs.ts";
import { dbProviderOf } from "../../packages/shared/src/db.ts";
import { type ApiClient, apiClient } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

// The time the list routes take over these rows is measured by `pnpm bench lists`, not here.
const JOB_COUNT = 100_000;
const DOCUMENT_COUNT = 10_000;

describe("when one user has 100,000 jobs and 10,000 documents", () => {
  let service: TestService;
  let client: ApiClient;
  let userId: string;
  const newest = (count: number, from = JOB_COUNT) => Array.from({ length: count }, (_, k) => seededJobId(from - 1 - k));

  beforeAll(async () => {
    service = await startTestService();
    const user = await service.createUser("heavy user");
    userId = user.userId;
    client = apiClient(service.baseUrl, user.key);
    await seedJobs(service.db, fileDatabaseUrl(), userId, { jobCount: JOB_COUNT, documentCount: DOCUMENT_COUNT });
  });

  afterAll(async () => {
    await service?.db.job.deleteMany({ where: { ownerId: userId } });
    await service?.db.document.deleteMany({ where: { ownerId: userId } });
    await service?.close();
  });

  it("answers the first, a middle and the last page of jobs with the right rows and total", async () => {
    const first = await client.get("/api/v1/jobs?pageSize=100");
    expect(first.body.total).toBe(JOB_COUNT);
    expect(first.body.items.map((job: { id: string }) => job.id)).toEqual(newest(100));

    const middle = await client.get("/api/v1/jobs?page=500&pageSize=100");
    expect(middle.body.items.map((job: { id: string }) => job.id)).toEqual(newest(100, JOB_COUNT - 499 * 100));

    const last = await client.get("/api/v1/jobs?page=1000&pageSize=100");
    expect(last.body.items.at(-1).id).toBe(seededJobId(0));
    expect((await client.get("/api/v1/jobs?page=1001&pageSize=100")).body).toMatchObject({ items: [], total: JOB_COUNT });
  });

  it("counts and pages a status filter", async () => {
    const failed = await client.get("/api/v1/jobs?status=failed&pageSize=100");
    expect(failed.body.total).toBe(JOB_COUNT / SEED_STATUSES.length);
    expect(failed.body.items.every((job: { status: string }) => job.status === "failed")).toBe(true);
    // The newest failed job is the highest index with i % 5 === 3.
    expect(failed.body.items[0].id).toBe(seededJobId(JOB_COUNT - 2));
  });

  it("answers the document list with the right total and order", async () => {
    const documents = await client.get("/api/v1/documents?pageSize=100");
    expect(documents.body.total).toBe(DOCUMENT_COUNT + 1);
    expect(documents.body.items[0].filename).toBe(`doc-${DOCUMENT_COUNT - 1}.png`);
    const deep = await client.get("/api/v1/documents?page=100&pageSize=100");
    expect(deep.body.items.length).toBe(100);
  });

  it("reads the list queries from the indexes, with no sort of a page", async () => {
    const sqlite = dbProviderOf(fileDatabaseUrl()) === "sqlite";
    const explain = sqlite ? "EXPLAIN QUERY PLAN" : "EXPLAIN";
    const p = (n: number) => (sqlite ? "?" : `$${n}`);
    const queries = {
      list: `SELECT "id" FROM "Job" WHERE "ownerId" = ${p(1)} ORDER BY "createdAt" DESC, "id" DESC LIMIT 100 OFFSET 0`,
      listByStatus: `SELECT "id" FROM "Job" WHERE "ownerId" = ${p(1)} AND "status" = 'failed' ORDER BY "createdAt" DESC, "id" DESC LIMIT 100 OFFSET 0`,
      documents: `SELECT "id" FROM "Document" WHERE "ownerId" = ${p(1)} AND "deletedAt" IS NULL ORDER BY "createdAt" DESC, "id" DESC LIMIT 100 OFFSET 0`,
    };
    const plans: Record<string, string> = {};
    for (const [name, sql] of Object.entries(queries)) {
      const rows = await service.db.$queryRawUnsafe<Record<string, unknown>[]>(`${explain} ${sql}`, userId);
      plans[name] = rows.map((row) => String(row.detail ?? row["QUERY PLAN"])).join("\n");
    }
    expect(plans.list).toMatch(/Job_ownerId_createdAt_id_idx|Job_ownerId_status_createdAt_id_idx/);
    expect(plans.listByStatus).toMatch(/Job_ownerId_status_createdAt_id_idx/);
    expect(`${plans.list}\n${plans.listByStatus}`).not.toMatch(sqlite ? /TEMP B-TREE/ : /\bSort\b/);
    expect(plans.documents).toMatch(/Document_ownerId/);
  });
});
