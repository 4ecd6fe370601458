import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { characterErrorRate } from "../support/text-error-rate.ts";
import { expectedText, fixturePath } from "./ocr-fixtures.ts";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const CHILD = path.join(REPO_ROOT, "tests/support/read-page-child.ts");
const MAX_CER = 0.03;

interface ChildResult {
  build: "native" | "wasm";
  reason?: string;
  text?: string;
  pages?: number;
  width?: number;
  height?: number;
  previewBytes: number;
}

/** The worker's image path in a fresh process: sharp picks its build once per process. */
async function inChild(mode: "read" | "prepare", options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv }): Promise<ChildResult> {
  const args = [...(options.nodeArgs ?? []), "--import", "tsx", CHILD, mode, fixturePath("page-eng.png"), "image/png"];
  const { stdout } = await run(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, SHARP_BUILD: "auto", ...options.env },
    timeout: 90_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
}

describe("sharp's WebAssembly build", { timeout: 120_000 }, () => {
  it("reads a real page right through the worker's OCR path when forced (SHARP_BUILD=wasm)", async () => {
    const result = await inChild("read", { env: { SHARP_BUILD: "wasm" } });
    expect(result).toMatchObject({ build: "wasm", reason: "SHARP_BUILD=wasm", pages: 1 });
    expect(result.previewBytes).toBeGreaterThan(1000);
    expect(characterErrorRate(expectedText["page-eng.png"].join("\n"), result.text ?? "")).toBeLessThanOrEqual(MAX_CER);
  });

  it("takes over by itself when the native addon fails to load, naming the failure; the native addon otherwise", async () => {
    // --no-addons makes dlopen fail, as the linux-arm addon fails on a kernel with 32 KiB pages.
    const [fallback, native] = await Promise.all([inChild("prepare", { nodeArgs: ["--no-addons"] }), inChild("prepare", {})]);
    expect(fallback.build).toBe("wasm");
    expect(fallback.reason).toMatch(/sharp-linux-[a-z0-9]+-[\d.]+\.node: Cannot load native addon because loading addons is disabled/);
    expect(native).toMatchObject({ build: "native" });
    expect(native.reason).toBeUndefined();
    // Same page prepared either way.
    expect({ width: fallback.width, height: fallback.height }).toEqual({ width: native.width, height: native.height });
    expect(fallback.previewBytes).toBeGreaterThan(1000);
  });
});
