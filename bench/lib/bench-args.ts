import type { DbProvider } from "../../packages/shared/src/db-provider.ts";

export type BenchArgs = {
  /** Sections named on the command line (ocr, memory, api, lists, recycle, web); none: all. */
  sections: string[];
  /** Runs of each latency and memory section (memory, api, lists): the table gives the median and the worst. */
  runs: number;
  /** `--trace-tail`: the api section also prints where the slowest 1% of JSON submits spent their time. */
  traceTail: boolean;
  /** `--db postgresql`: the service runs on a fresh PostgreSQL schema instead of a SQLite file. */
  database: DbProvider;
};

export const DEFAULT_RUNS = 5;

/** `pnpm bench [section...] [--runs N] [--db sqlite|postgresql] [--trace-tail]`. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { sections: [], runs: DEFAULT_RUNS, traceTail: false, database: "sqlite" };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--runs") {
      const runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a whole number >= 1 (got ${argv[i]})`);
      args.runs = runs;
    } else if (arg === "--db") {
      const database = argv[++i];
      if (database !== "sqlite" && database !== "postgresql") throw new Error(`--db is sqlite or postgresql (got ${database})`);
      args.database = database;
    } else if (arg === "--trace-tail") args.traceTail = true;
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else args.sections.push(arg);
  }
  return args;
}
