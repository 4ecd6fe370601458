import { afterAll, inject } from "vitest";
import { dbProviderOf } from "../../packages/shared/src/db-provider.ts";
import { createTestDatabase, FILE_DATABASE_URL } from "./test-databases.ts";

// Runs before each integration test file (setupFiles): the file gets a copy of
// the suite's migrated database of its own, dropped when the file ends.
const template = inject("templateDatabaseUrl");
const database = await createTestDatabase(dbProviderOf(template), template);
process.env[FILE_DATABASE_URL] = database.url;

afterAll(async () => {
  delete process.env[FILE_DATABASE_URL];
  await database.drop();
});
