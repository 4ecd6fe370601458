// `pnpm ocrflow keys create --name NAME`: creates a user and prints its API key,
// alone on the last line, once.
import { parseArgs } from "node:util";
import { createDb } from "@ocrflow/shared/db";
import { applyMigrations } from "@ocrflow/shared/db-migrate";
import { createApiKey } from "../auth/create-api-key.ts";
import { loadApiConfig } from "../config.ts";
import { PRISMA_DIR } from "@ocrflow/shared/paths";
import { runMain } from "@ocrflow/shared/process";

const USAGE = "usage: pnpm ocrflow keys create --name NAME";

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { name: { type: "string" } } });
  if (positionals[0] !== "keys" || positionals[1] !== "create" || !values.name?.trim()) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadApiConfig();
  await applyMigrations(config.DATABASE_URL, PRISMA_DIR);
  const db = createDb(config.DATABASE_URL);
  try {
    const { key, userId } = await createApiKey(db, values.name.trim());
    console.log(`Created API key "${values.name.trim()}" for user ${userId}. It is shown only now:`);
    console.log(key);
  } finally {
    await db.$disconnect();
  }
}

runMain(() => main(process.argv.slice(2)));
