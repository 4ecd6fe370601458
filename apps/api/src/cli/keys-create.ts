import { createApiKey } from "../auth/create-api-key.ts";
import { withDatabase } from "./open-database.ts";
import { parseCommandArgs } from "./parse-command.ts";
import { UsageError } from "./usage.ts";

const USAGE = "usage: pnpm ocrflow keys create --name NAME";

/** `keys create --name NAME`: a new user and key; the key alone on the last line, shown only now. */
export async function keysCreate(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { name: { type: "string" } }, USAGE);
  const name = values.name?.trim();
  if (!name) throw new UsageError("--name is required", USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`, USAGE);
  const { key, userId } = await withDatabase((db) => createApiKey(db, name));
  console.log(`Created API key "${name}" for user ${userId}. It is shown only now:`);
  console.log(key);
}
