import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../packages/shared/src/encoding.ts";
import { apiClient } from "../support/http-client.ts";
import { runCli } from "../support/run-cli.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

const MISSING_DOCUMENT = "/api/v1/documents/00000000-0000-4000-8000-000000000000";

describe("pnpm ocrflow keys", () => {
  let service: TestService;
  const keysCli = (...args: string[]) => runCli(["keys", ...args], { DATABASE_URL: fileDatabaseUrl() });
  const createKey = async (name: string) => {
    const run = await keysCli("create", "--name", name);
    expect(run.code).toBe(0);
    return run.stdout.trim().split("\n").at(-1)!;
  };

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => service?.close());

  describe("create", () => {
    it("prints the key alone on the last line, stores it only hashed, and the API accepts it", async () => {
      const key = await createKey("cli user");
      expect(key).toMatch(/^ofk_[A-Za-z0-9_-]{43}$/);
      const stored = await service.db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
      expect(stored?.name).toBe("cli user");
      expect(JSON.stringify(stored)).not.toContain(key);
      expect((await apiClient(service.baseUrl, key).get(MISSING_DOCUMENT)).status).toBe(404);
    });

    it("exits 2 with its usage when --name is missing", async () => {
      const run = await keysCli("create");
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("usage: pnpm ocrflow keys create --name NAME");
    });
  });

  describe("list", () => {
    it("shows name, prefix, created and revoked for each key, never the key or its hash", async () => {
      const name = `listed ${Date.now()}`;
      const key = await createKey(name);
      const stored = (await service.db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } }))!;

      const table = await keysCli("list");
      expect(table.code).toBe(0);
      expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+PREFIX\s+CREATED\s+REVOKED$/);
      const row = table.stdout.split("\n").find((line) => line.includes(name))!;
      expect(row).toContain(stored.id);
      expect(row).toContain(stored.prefix);
      expect(row).toContain(stored.createdAt.toISOString());
      expect(row.trimEnd().endsWith("-")).toBe(true);

      const json = await keysCli("list", "--json");
      const listed = JSON.parse(json.stdout).find((entry: { id: string }) => entry.id === stored.id);
      expect(listed).toEqual({ id: stored.id, name, prefix: stored.prefix, createdAt: stored.createdAt.toISOString(), revokedAt: null });
      for (const output of [table.stdout, json.stdout]) {
        expect(output).not.toContain(key);
        expect(output).not.toContain(stored.keyHash);
      }
    });
  });

  describe("revoke", () => {
    it("by id: the API answers 401 to the key afterwards, and the list shows when", async () => {
      const key = await createKey("revoked by id");
      const client = apiClient(service.baseUrl, key);
      expect((await client.get(MISSING_DOCUMENT)).status).toBe(404);
      const { id } = (await service.db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } }))!;

      const run = await keysCli("revoke", id);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Revoked key "revoked by id"');
      const response = await client.get(MISSING_DOCUMENT);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("UNAUTHORIZED");
      const listed = JSON.parse((await keysCli("list", "--json")).stdout).find((entry: { id: string }) => entry.id === id);
      expect(Date.parse(listed.revokedAt)).not.toBeNaN();
    });

    it("by prefix, and a second time only says it already was", async () => {
      const key = await createKey("revoked by prefix");
      const { prefix } = (await service.db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } }))!;
      expect((await keysCli("revoke", prefix)).code).toBe(0);
      expect((await apiClient(service.baseUrl, key).get(MISSING_DOCUMENT)).status).toBe(401);
      const again = await keysCli("revoke", prefix);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("already revoked");
    });

    it("exits 1 for a key that does not exist, and 2 without an argument", async () => {
      const unknown = await keysCli("revoke", "ofk_nothere");
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('No API key has the id or prefix "ofk_nothere"');
      const missing = await keysCli("revoke");
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("usage: pnpm ocrflow keys revoke");
    });
  });
});
