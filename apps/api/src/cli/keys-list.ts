import { withDatabase } from "./open-database.ts";
import { parseCommandArgs } from "./parse-command.ts";
import { UsageError } from "./usage.ts";

const USAGE = "usage: pnpm ocrflow keys list [--json]";
const COLUMNS = ["id", "name", "prefix", "createdAt", "revokedAt"] as const;
const HEADERS = ["ID", "NAME", "PREFIX", "CREATED", "REVOKED"];

/** `keys list`: every key, oldest first; never the key or its hash (they are not even read). */
export async function keysList(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: "boolean" } }, USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`, USAGE);
  const keys = await withDatabase((db) =>
    db.apiKey.findMany({
      select: { id: true, name: true, prefix: true, createdAt: true, revokedAt: true },
      orderBy: { createdAt: "asc" },
    }),
  );
  const rows = keys.map((key) => ({
    ...key,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
  }));
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log("No API keys yet: pnpm ocrflow keys create --name NAME");
    return;
  }
  const cells = [HEADERS, ...rows.map((row) => COLUMNS.map((column) => row[column] ?? "-"))];
  const widths = HEADERS.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  for (const line of cells)
    console.log(
      line
        .map((cell, i) => cell.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    );
}
