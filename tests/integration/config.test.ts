import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadApiConfig } from "../../apps/api/src/config.ts";
import { loadWorkerConfig } from "../../apps/worker/src/config.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs an entry point as an operator would and returns how it ended. */
async function runEntryPoint(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn("pnpm", ["exec", "tsx", entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [code] = await once(child, "exit");
  clearTimeout(timer);
  return { code, output };
}

describe("a wrong configuration value stops start-up with a message naming the variable", () => {
  it("the API refuses PORT=abc", async () => {
    const { code, output } = await runEntryPoint("apps/api/src/main.ts", { PORT: "abc" });
    expect(code).not.toBe(0);
    expect(output).toMatch(/Invalid configuration:\n\s+PORT: .*expected number/);
    expect(output).not.toContain("api listening");
  });

  it("the API refuses an admin user without a password, naming ADMIN_PASSWORD", async () => {
    const { code, output } = await runEntryPoint("apps/api/src/main.ts", { ADMIN_USER: "admin", ADMIN_PASSWORD: "" });
    expect(code).not.toBe(0);
    expect(output).toContain("ADMIN_PASSWORD: is required when ADMIN_USER is set");
  });

  it("the worker refuses WORKER_CONCURRENCY=abc and a metrics port out of range, naming both", async () => {
    const { code, output } = await runEntryPoint("apps/worker/src/main.ts", { WORKER_CONCURRENCY: "abc", WORKER_METRICS_PORT: "70000" });
    expect(code).not.toBe(0);
    expect(output).toMatch(/WORKER_CONCURRENCY: .*expected number/);
    expect(output).toMatch(/WORKER_METRICS_PORT: .*65535/);
  });
});

describe("configuration defaults", () => {
  it("serves no admin board and leaves /metrics open unless configured", () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", LOG_LEVEL: "info" });
    expect(config.ADMIN_USER).toBeUndefined();
    expect(config.METRICS_TOKEN).toBeUndefined();
  });

  it("keeps worker metrics off by default, on 127.0.0.1 when a port is given", () => {
    expect(loadWorkerConfig({}).WORKER_METRICS_PORT).toBe(0);
    expect(loadWorkerConfig({ WORKER_METRICS_PORT: "9464" })).toMatchObject({
      WORKER_METRICS_PORT: 9464,
      WORKER_METRICS_HOST: "127.0.0.1",
    });
  });

  it("refuses a short metrics token", () => {
    expect(() => loadApiConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });
});

/** Source files of the apps, the shared package and the scripts. */
async function sourceFiles(): Promise<string[]> {
  const roots = ["apps", "packages", "scripts"];
  const files: string[] = [];
  for (const root of roots) {
    for (const entry of await readdir(path.join(REPO_ROOT, root), { recursive: true, withFileTypes: true })) {
      const full = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && /\.(ts|mjs|js)$/.test(entry.name) && !/node_modules|generated|zz-scratch/.test(full)) files.push(full);
    }
  }
  return files;
}

describe("the environment is read in one place", () => {
  it("reads no variable from process.env outside the zod-checked config modules", async () => {
    // scripts/prisma.mjs runs the Prisma CLI before any TypeScript loads; it mirrors DATABASE_URL's default.
    const allowed = new Set(["scripts/prisma.mjs"]);
    const offenders: string[] = [];
    for (const file of await sourceFiles()) {
      const text = await readFile(file, "utf8");
      const relative = path.relative(REPO_ROOT, file);
      if (/process\.env(\.[A-Za-z_]|\[)/.test(text) && !allowed.has(relative)) offenders.push(relative);
    }
    expect(offenders).toEqual([]);
  });
});
