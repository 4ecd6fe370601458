import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PRISMA_DIR } from "../../packages/shared/src/paths.ts";

async function modelsOf(provider: string): Promise<string> {
  const schema = await readFile(path.join(PRISMA_DIR, provider, "schema.prisma"), "utf8");
  const models = schema.match(/\/\/ models:begin\n([\s\S]*)\/\/ models:end/);
  if (!models) throw new Error(`${provider} schema lacks the models:begin/end markers`);
  return models[1];
}

describe("the two Prisma schemas", () => {
  it("hold the same models for SQLite and PostgreSQL", async () => {
    expect(await modelsOf("postgresql")).toBe(await modelsOf("sqlite"));
  });

  it("each have migrations for every model", async () => {
    for (const provider of ["sqlite", "postgresql"]) {
      const models = [...(await modelsOf(provider)).matchAll(/^model (\w+)/gm)].map((match) => match[1]);
      const folder = path.join(PRISMA_DIR, provider, "migrations");
      const names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
      const migrations = (await Promise.all(names.map((name) => readFile(path.join(folder, name, "migration.sql"), "utf8")))).join("\n");
      for (const model of models) expect(migrations, `${provider} ${model}`).toContain(`CREATE TABLE "${model}"`);
    }
  });
});
