// `pnpm db:migrate`: applies the migrations of the database DATABASE_URL names.
import { applyMigrations } from "../packages/shared/src/db-migrate.ts";
import { commonEnvSchema, parseEnv } from "../packages/shared/src/env.ts";
import { PRISMA_DIR } from "../packages/shared/src/paths.ts";
import { runMain } from "../packages/shared/src/process.ts";

runMain(async () => {
  const { DATABASE_URL } = parseEnv(commonEnvSchema, process.env);
  const { applied } = await applyMigrations(DATABASE_URL, PRISMA_DIR);
  console.log(applied.length > 0 ? `applied: ${applied.join(", ")}` : "database is up to date");
});
