import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine } from "../../apps/worker/src/ocr/recognize-text.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { type BadContent, makeBadContent, makeCutContent } from "./bad-content-files.ts";
import { expectedText, fixturePath } from "./ocr-fixtures.ts";

describe("runOcr on content that passes the upload checks but not the decoders", { timeout: 120_000 }, () => {
  let engine: OcrEngine;
  let dir: string;
  let cases: BadContent[];
  beforeAll(async () => {
    engine = createOcrEngine({ concurrency: 1 });
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-bad-content-"));
    cases = [...(await makeBadContent()), ...(await makeCutContent())];
  });
  afterAll(async () => {
    await engine.terminate();
    await rm(dir, { recursive: true, force: true });
  });

  const names = [
    "corrupt-idat.png",
    "cut-scan.jpg",
    "bad-strip-offset.tiff",
    "garbage-xref.pdf",
    "broken-image.pdf",
    "one-pixel.png",
    "strip.png",
    "corrupt-frame.gif",
    "cut.jpg",
    "strips-past-end.tiff",
  ];
  it.each(names)("fails %s with a permanent error naming the problem", async (name) => {
    const bad = cases.find((entry) => entry.name === name)!;
    const filePath = path.join(dir, name);
    await writeFile(filePath, bad.bytes);
    const run = runOcr({ filePath, mimeType: bad.mimeType, languages: ["eng"], engine });
    await expect(run).rejects.toMatchObject({ name: "OcrflowError", code: bad.code, retryable: false });
  });

  it("still reads a good page on the same engine afterwards", async () => {
    const result = await runOcr({ filePath: fixturePath("page-eng.png"), mimeType: "image/png", languages: ["eng"], engine });
    expect(result.text).toContain(expectedText["page-eng.png"][0]);
  });
});
