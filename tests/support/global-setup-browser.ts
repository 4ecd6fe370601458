import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { setupIntegration } from "./global-setup.ts";

declare module "vitest" {
  export interface ProvidedContext {
    webDistDir: string;
  }
}

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The browser suite runs once, on SQLite (the web app talks to the same API
 * on either database), against a build of the web app's current sources.
 */
export default async (project: TestProject) => {
  const teardown = await setupIntegration(project, "sqlite");
  const outdir = await mkdtemp(path.join(tmpdir(), "ocrflow-web-build-"));
  await promisify(execFile)(process.execPath, ["scripts/build.mjs", "web", "--outdir", outdir], { cwd: REPO_ROOT });
  project.provide("webDistDir", path.join(outdir, "web"));
  return async () => {
    await teardown();
    await rm(outdir, { recursive: true, force: true });
  };
};
