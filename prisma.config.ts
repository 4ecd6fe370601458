// Prisma CLI configuration: the schema, migrations and driver adapter all follow
// DATABASE_URL, so `prisma migrate deploy` works offline for either database.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createDriverAdapter, dbProviderOf } from "./packages/shared/src/db-provider.ts";

const databaseUrl = process.env.DATABASE_URL ?? "file:./data/ocrflow.db";
const provider = dbProviderOf(databaseUrl);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  adapter: async () => createDriverAdapter(databaseUrl),
});
