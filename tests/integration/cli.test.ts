import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { hashApiKey } from "../../packages/shared/src/encoding.ts";
import { apiClient } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const run = promisify(execFile);

function ocrflowCli(args: string[]) {
  return run(process.execPath, ["--import", "tsx", "apps/api/src/cli/main.ts", ...args], {
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
  });
}

describe("the ocrflow command line", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => service?.close());

  it("creates a key that is printed alone on the last line, stored only hashed, and accepted by the API", async () => {
    const { stdout } = await ocrflowCli(["keys", "create", "--name", "cli user"]);
    const key = stdout.trim().split("\n").at(-1)!;
    expect(key).toMatch(/^ofk_[A-Za-z0-9_-]{43}$/);
    const stored = await service.db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
    expect(stored?.name).toBe("cli user");
    expect(JSON.stringify(stored)).not.toContain(key);
    const response = await apiClient(service.baseUrl, key).get("/api/v1/documents/00000000-0000-4000-8000-000000000000");
    expect(response.status).toBe(404);
  });

  it("refuses a call without a name, with its usage", async () => {
    await expect(ocrflowCli(["keys", "create"])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("usage:") });
  });
});
