// `pnpm ocrflow <command>`: API keys on the server, OCR jobs against a running
// API. `pnpm ocrflow help` lists the commands (./usage.ts).
import { describeError } from "@ocrflow/shared/errors";
import { USAGE, UsageError } from "./usage.ts";

// Loaded on demand: `jobs submit` runs on client machines and needs no database code.
const COMMANDS: Record<string, () => Promise<(args: string[]) => Promise<void>>> = {
  "keys create": async () => (await import("./keys-create.ts")).keysCreate,
  "keys list": async () => (await import("./keys-list.ts")).keysList,
  "keys revoke": async () => (await import("./keys-revoke.ts")).keysRevoke,
  "jobs submit": async () => (await import("./jobs-submit.ts")).jobsSubmit,
};

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) throw new UsageError("a command is needed");
  if (argv.some((arg) => ["help", "--help", "-h"].includes(arg))) {
    console.log(USAGE);
    return 0;
  }
  const name = argv.slice(0, 2).join(" ");
  const load = COMMANDS[name];
  if (!load) throw new UsageError(`unknown command: ${name}`);
  await (await load())(argv.slice(2));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`ocrflow: ${error.message}\n${error.usage}`);
      process.exit(2);
    }
    console.error(`ocrflow: ${describeError(error)}`);
    process.exit(1);
  },
);
