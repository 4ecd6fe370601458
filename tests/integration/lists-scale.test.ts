import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dbProviderOf } from "../../packages/shared/src/db.ts";
import { type LifecycleClient, lifecycleClient } from "../support/lifecycle-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const JOB_COUNT = 100_000;
const DOCUMENT_COUNT = 10_000;
const CHUNK = 2_000;
const STATUSES = ["queued", "processing", "completed", "failed", "cancelled"];
const BASE_TIME = Date.parse("2026-01-01T00:00:00Z");

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.info(`${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
}

describe("when one user has 100,000 jobs and 10,000 documents", () => {
  let service: TestService;
  let client: LifecycleClient;
  let userId: string;
  // Index i was created i seconds after BASE_TIME: newest first is descending i.
  const jobIds = Array.from({ length: JOB_COUNT }, () => randomUUID());

  beforeAll(async () => {
    service = await startTestService();
    const user = await service.createUser("heavy user");
    userId = user.userId;
    client = lifecycleClient(service.baseUrl, user.key);
    const document = await service.db.document.create({
      data: {
        ownerId: userId,
        filename: "a.png",
        mimeType: "image/png",
        sizeBytes: 1,
        sha256: "0".repeat(64),
        storageKey: `aa/${randomUUID()}`,
        createdAt: new Date(BASE_TIME - 1000),
      },
    });
    await timed(`insert ${JOB_COUNT} jobs (createMany, chunks of ${CHUNK})`, async () => {
      for (let start = 0; start < JOB_COUNT; start += CHUNK) {
        await service.db.job.createMany({
          data: jobIds.slice(start, start + CHUNK).map((id, offset) => {
            const i = start + offset;
            return {
              id,
              ownerId: userId,
              documentId: document.id,
              status: STATUSES[i % STATUSES.length]!,
              priority: 5,
              languages: "eng",
              maxAttempts: 3,
              createdAt: new Date(BASE_TIME + i * 1000),
            };
          }),
        });
      }
    });
    await timed(`insert ${DOCUMENT_COUNT} documents`, async () => {
      for (let start = 0; start < DOCUMENT_COUNT; start += CHUNK) {
        await service.db.document.createMany({
          data: Array.from({ length: Math.min(CHUNK, DOCUMENT_COUNT - start) }, (_, offset) => ({
            ownerId: userId,
            filename: `doc-${start + offset}.png`,
            mimeType: "image/png",
            sizeBytes: 1,
            sha256: randomUUID(),
            storageKey: `bb/${randomUUID()}`,
            createdAt: new Date(BASE_TIME + (start + offset) * 1000),
          })),
        });
      }
    });
  }, 120_000);

  afterAll(async () => {
    await service?.db.job.deleteMany({ where: { ownerId: userId } });
    await service?.db.document.deleteMany({ where: { ownerId: userId } });
    await service?.close();
  }, 120_000);

  it("answers the first, a middle and the last page of jobs with the right rows and total", async () => {
    for (let run = 1; run <= 3; run += 1) await timed(`GET /jobs page 1 (run ${run})`, () => client.get("/api/v1/jobs?pageSize=100"));
    const first = await timed("GET /jobs page 1", () => client.get("/api/v1/jobs?pageSize=100"));
    expect(first.body.total).toBe(JOB_COUNT);
    expect(first.body.items.map((job: { id: string }) => job.id)).toEqual(jobIds.slice(-100).reverse());

    const middle = await timed("GET /jobs page 500", () => client.get("/api/v1/jobs?page=500&pageSize=100"));
    const from = JOB_COUNT - 499 * 100;
    expect(middle.body.items.map((job: { id: string }) => job.id)).toEqual(jobIds.slice(from - 100, from).reverse());

    const last = await timed("GET /jobs page 1000", () => client.get("/api/v1/jobs?page=1000&pageSize=100"));
    expect(last.body.items.at(-1).id).toBe(jobIds[0]);
    expect((await client.get("/api/v1/jobs?page=1001&pageSize=100")).body).toMatchObject({ items: [], total: JOB_COUNT });
  });

  it("counts and pages a status filter", async () => {
    const failed = await timed("GET /jobs?status=failed page 1", () => client.get("/api/v1/jobs?status=failed&pageSize=100"));
    expect(failed.body.total).toBe(JOB_COUNT / STATUSES.length);
    expect(failed.body.items.every((job: { status: string }) => job.status === "failed")).toBe(true);
    // The newest failed job is the highest index with i % 5 === 3.
    expect(failed.body.items[0].id).toBe(jobIds[JOB_COUNT - 2]);
  });

  it("answers the document list with the right total and order", async () => {
    const documents = await timed("GET /documents page 1", () => client.get("/api/v1/documents?pageSize=100"));
    expect(documents.body.total).toBe(DOCUMENT_COUNT + 1);
    expect(documents.body.items[0].filename).toBe(`doc-${DOCUMENT_COUNT - 1}.png`);
    const deep = await timed("GET /documents page 100", () => client.get("/api/v1/documents?page=100&pageSize=100"));
    expect(deep.body.items.length).toBe(100);
  });

  it("uses the indexes for the list and count queries (plans printed)", async () => {
    const databaseUrl = inject("databaseUrl");
    const sqlite = dbProviderOf(databaseUrl) === "sqlite";
    const explain = sqlite ? "EXPLAIN QUERY PLAN" : "EXPLAIN";
    const p = (n: number) => (sqlite ? "?" : `$${n}`);
    const queries = {
      list: `SELECT "id" FROM "Job" WHERE "ownerId" = ${p(1)} ORDER BY "createdAt" DESC, "id" DESC LIMIT 100 OFFSET 0`,
      listByStatus: `SELECT "id" FROM "Job" WHERE "ownerId" = ${p(1)} AND "status" = 'failed' ORDER BY "createdAt" DESC, "id" DESC LIMIT 100 OFFSET 0`,
      count: `SELECT COUNT(*) FROM "Job" WHERE "ownerId" = ${p(1)}`,
      documents: `SELECT "id" FROM "Document" WHERE "ownerId" = ${p(1)} AND "deletedAt" IS NULL ORDER BY "createdAt" DESC, "id" DESC LIMIT 100 OFFSET 0`,
    };
    // Fresh statistics, as autovacuum would have them, so the planner sees 100k rows rather than its defaults.
    if (!sqlite) await service.db.$executeRawUnsafe('ANALYZE "Job", "Document"');
    const plans: Record<string, string> = {};
    for (const [name, sql] of Object.entries(queries)) {
      const rows = await service.db.$queryRawUnsafe<Record<string, unknown>[]>(`${explain} ${sql}`, userId);
      plans[name] = rows.map((row) => String(row.detail ?? row["QUERY PLAN"])).join("\n");
      console.info(`plan of ${name} (${sqlite ? "SQLite" : "PostgreSQL"}):\n${plans[name]}`);
    }
    for (let run = 1; run <= 3; run += 1) {
      await timed(`Prisma job.count of ${JOB_COUNT} (run ${run})`, () => service.db.job.count({ where: { ownerId: userId } }));
      await timed(`raw COUNT(*) of ${JOB_COUNT} (run ${run})`, () => service.db.$queryRawUnsafe(queries.count, userId));
      await timed(`Prisma job.findMany page 1 (run ${run})`, () =>
        service.db.job.findMany({ where: { ownerId: userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 100 }),
      );
    }
    expect(plans.list).toMatch(/Job_ownerId_createdAt_id_idx|Job_ownerId_status_createdAt_id_idx/);
    expect(plans.listByStatus).toMatch(/Job_ownerId_status_createdAt_id_idx/);
    // id is in the index, so no page is sorted after reading it.
    if (sqlite) expect(`${plans.list}\n${plans.listByStatus}`).not.toMatch(/TEMP B-TREE/);
    expect(plans.documents).toMatch(/Document_ownerId/);
  });
});
