import { idSchema } from "@ocrflow/shared/validators";
import { withDatabase } from "./open-database.ts";
import { parseCommandArgs } from "./parse-command.ts";
import { UsageError } from "./usage.ts";

const USAGE = "usage: pnpm ocrflow keys revoke ID|PREFIX   (as `pnpm ocrflow keys list` shows them)";

/** `keys revoke ID|PREFIX`: the key, and every web app session opened with it, is refused from the next request on. */
export async function keysRevoke(args: string[]): Promise<void> {
  const { positionals } = parseCommandArgs(args, {}, USAGE);
  if (positionals.length !== 1 || !positionals[0].trim()) throw new UsageError("give exactly one key id or prefix", USAGE);
  const ref = positionals[0].trim();
  const message = await withDatabase(async (db) => {
    const matches = await db.apiKey.findMany({
      where: idSchema.safeParse(ref).success ? { id: ref } : { prefix: ref },
      select: { id: true, name: true, prefix: true, revokedAt: true },
    });
    if (matches.length === 0) throw new Error(`No API key has the id or prefix "${ref}" (see pnpm ocrflow keys list)`);
    if (matches.length > 1)
      throw new Error(`Several keys have the prefix "${ref}"; revoke by id: ${matches.map((key) => key.id).join(", ")}`);
    const [key] = matches;
    if (key.revokedAt) return `Key "${key.name}" (${key.prefix}) was already revoked at ${key.revokedAt.toISOString()}`;
    // Its web app sessions end with it (they are refused anyway once the key is revoked).
    await db.$transaction([
      db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } }),
      db.session.deleteMany({ where: { apiKeyId: key.id } }),
    ]);
    return `Revoked key "${key.name}" (${key.prefix}, id ${key.id})`;
  });
  console.log(message);
}
