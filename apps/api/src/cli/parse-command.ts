import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./usage.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `parseArgs` whose mistakes (unknown option, missing value...) are usage errors naming the command. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Its first sentence; the rest is advice about '--' that does not help here.
    throw new UsageError((error as Error).message.split(/\. /)[0], usage);
  }
}
