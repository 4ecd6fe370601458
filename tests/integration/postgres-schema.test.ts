import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { applyMigrations } from "../../packages/shared/src/db-migrate.ts";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";
import { suiteProvider } from "../support/fault-suite.ts";
import { type ApiClient, apiClient, fileForm, fixture, uniqueCopy, waitForJob } from "../support/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

// A schema name that needs quoting: upper case and a space.
const SCHEMA = "Ocr Flow";

/**
 * DATABASE_URL=postgresql://...?schema=X: Prisma qualifies its queries with the
 * schema, and the API's raw SQL reads (key, document, cache, job, lists, batch)
 * find the same tables through the connections' search_path. Nothing may land
 * in, or be read from, the database's public schema.
 */
describe.runIf(suiteProvider() === "postgresql")("a PostgreSQL DATABASE_URL with ?schema=", () => {
  let database: TestDatabase;
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    const url = new URL(database.url);
    url.searchParams.set("schema", SCHEMA);
    await applyMigrations(url.toString(), PRISMA_DIR);
    service = await startTestService({ databaseUrl: url.toString(), withWorker: true });
    client = apiClient(service.baseUrl, (await service.createUser("schema user")).key);
  });

  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it("serves every raw-SQL route from the tables in that schema, and leaves public empty", async () => {
    const bytes = uniqueCopy(await fixture("page-eng.png"));
    const submitted = await client.postForm("/api/v1/jobs", fileForm(bytes, "page.png"));
    expect(submitted.status).toBe(202);
    const job = await waitForJob(client, submitted.body.job.id);
    expect(job.status).toBe("completed");

    // The same content again: answered from the result cache (a raw lookup).
    const again = await client.postJson("/api/v1/jobs", { documentId: job.documentId });
    expect(again.status).toBe(202);
    expect(again.body.job.cached).toBe(true);

    const batch = await client.postJson("/api/v1/jobs/batch", { documentIds: [job.documentId, job.documentId] });
    expect(batch.status).toBe(202);
    const batchView = await client.get(`/api/v1/batches/${batch.body.batch.id}`);
    expect(batchView.body.batch).toMatchObject({ total: 2 });

    const list = await client.get("/api/v1/jobs?pageSize=10");
    expect(list.body.total).toBe(4);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(job.id);
    expect((await client.get(`/api/v1/jobs?batchId=${batch.body.batch.id}`)).body.total).toBe(2);

    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const tables = await admin.query<{ schema: string }>(
        `SELECT DISTINCT table_schema AS schema FROM information_schema.tables WHERE table_name = 'Job'`,
      );
      expect(tables.rows.map((row) => row.schema)).toEqual([SCHEMA]);
      const jobs = await admin.query<{ count: string }>(`SELECT COUNT(*) AS count FROM "${SCHEMA}"."Job"`);
      expect(Number(jobs.rows[0]!.count)).toBe(4);
    } finally {
      await admin.end();
    }
  });
});
