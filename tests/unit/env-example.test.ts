import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiEnvSchema } from "../../apps/api/src/config.ts";
import { workerEnvSchema } from "../../apps/worker/src/config.ts";
import { startEnvSchema } from "../../scripts/lib/start-config.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

describe(".env.example", () => {
  it("lists every variable the API, the workers and pnpm start read", async () => {
    const text = await readFile(path.join(REPO_ROOT, ".env.example"), "utf8");
    const listed = new Set([...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
    const read = new Set([...Object.keys(apiEnvSchema.shape), ...Object.keys(workerEnvSchema.shape), ...Object.keys(startEnvSchema.shape)]);
    expect([...read].filter((name) => !listed.has(name))).toEqual([]);
  });
});
