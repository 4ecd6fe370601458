import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { BAD_CONTENT, CUT_CONTENT } from "./bad-content-files.ts";
import { expectedText, fixturePath } from "./ocr-fixtures.ts";

describe("runOcr on content that passes the upload checks but not the decoders", { timeout: 120_000 }, () => {
  let engine: OcrEngine;
  let dir: string;
  beforeAll(async () => {
    engine = createOcrEngine({ concurrency: 1 });
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-bad-content-"));
  });
  afterAll(async () => {
    await engine.terminate();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([...BAD_CONTENT, ...CUT_CONTENT])("fails $name with a permanent error naming the problem", async (bad) => {
    const filePath = path.join(dir, bad.name);
    await writeFile(filePath, await bad.make());
    const run = runOcr({ filePath, mimeType: bad.mimeType, languages: ["eng"], engine });
    await expect(run).rejects.toMatchObject({ name: "OcrflowError", code: bad.code, retryable: false });
  });

  it("still reads a good page on the same engine afterwards", async () => {
    const result = await runOcr({ filePath: fixturePath("page-eng.png"), mimeType: "image/png", languages: ["eng"], engine });
    expect(result.text).toContain(expectedText["page-eng.png"][0]);
  });
});
