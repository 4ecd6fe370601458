import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConfiguredEngine } from "../../apps/worker/src/ocr/engine/create-configured-engine.ts";
import { loadModelNamer } from "../../packages/shared/src/ocr-backend/model-namer.ts";
import { probeTesseract } from "../../packages/shared/src/ocr-backend/probe-tesseract.ts";
import { createNativeOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-native-engine.ts";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { prepareImage } from "../../apps/worker/src/ocr/preprocess/prepare-image.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { fixturePath } from "./ocr-fixtures.ts";

// Debian's tesseract-ocr and tesseract-ocr-eng (scripts/test.sh installs them).
const TESSERACT = "tesseract";

let scratch: string;
let page: Buffer;

/** An executable shell script in the scratch folder. */
async function script(name: string, body: string): Promise<string> {
  const file = path.join(scratch, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function nativeEngine(binary: string, pageTimeoutMs?: number): Promise<OcrEngine> {
  const probe = await probeTesseract(binary);
  if (!probe.found) throw new Error(`native tesseract is needed for these tests: ${probe.reason}`);
  return createNativeOcrEngine({
    tesseract: probe.tesseract,
    tessdataDirOf: () => probe.tesseract.tessdataDir,
    concurrency: 1,
    pageTimeoutMs,
  });
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "ocrflow-native-"));
  page = (await prepareImage(await readFile(fixturePath("page-eng.png")))).image;
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("the native tesseract engine", { timeout: 60_000 }, () => {
  describe("when it reads a page", () => {
    it("gives the same result shape and text as tesseract.js on the same model", async () => {
      const probe = await probeTesseract(TESSERACT);
      if (!probe.found) throw new Error(probe.reason);
      const native = await nativeEngine(TESSERACT);
      const js = createOcrEngine({ concurrency: 1, tessdataDir: probe.tesseract.tessdataDir });
      try {
        const [fromNative, fromJs] = await Promise.all([native.recognize(page, ["eng"]), js.recognize(page, ["eng"])]);
        expect(fromNative.text).toBe(fromJs.text);
        expect(fromNative.words.map((word) => [word.text, word.bbox, word.block, word.paragraph, word.line])).toEqual(
          fromJs.words.map((word) => [word.text, word.bbox, word.block, word.paragraph, word.line]),
        );
        expect(Math.abs(fromNative.confidence - fromJs.confidence)).toBeLessThanOrEqual(1);
        expect(fromNative.hocr).toMatch(/^<div class='ocr_page' id='page_1' title='image "unknown"; bbox 0 0 \d+ \d+/);
        expect(fromNative.hocr).toContain("class='ocrx_word'");
        expect(fromNative.hocr.trimEnd().endsWith("</div>")).toBe(true);
      } finally {
        await Promise.all([native.terminate(), js.terminate()]);
      }
    });

    it("names the native engine and the traineddata it read in its model identity", async () => {
      const native = await nativeEngine(TESSERACT);
      expect(await native.modelIdentity(["eng"])).toMatch(/^tesseract@5\.\d+\.\d+\/tessdata\/eng:[0-9a-f]{16}$/);
    });

    it("rejects bytes that are no image with CORRUPT_FILE", async () => {
      const native = await nativeEngine(TESSERACT);
      await expect(native.recognize(Buffer.from("not an image"), ["eng"])).rejects.toMatchObject({ code: "CORRUPT_FILE" });
    });
  });

  describe("when a page's process must be stopped", () => {
    let ownTmp: string;
    let savedTmp: string | undefined;
    let pidFile: string;
    let binary: string;
    beforeEach(async () => {
      // The children's temporary folder (their working directory) is one we can watch.
      ownTmp = await mkdtemp(path.join(scratch, "tmp-"));
      savedTmp = process.env.TMPDIR;
      process.env.TMPDIR = ownTmp;
      pidFile = path.join(scratch, `pid-${Date.now()}`);
      // The real tesseract, under the pid the pool spawned (exec), slowed down so that it can be caught running.
      binary = await script(
        `slow-tesseract-${Date.now()}`,
        `case "$1" in --*) exec ${TESSERACT} "$@";; esac\necho $$ > ${pidFile}\nsleep 0.3\nexec ${TESSERACT} "$@"`,
      );
    });
    afterEach(() => {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    });
    const childPid = async () => Number((await readFile(pidFile, "utf8")).trim());

    it("kills it at the page timeout, fails the page as retryable and leaves no file", async () => {
      const native = await nativeEngine(binary, 150);
      await expect(native.recognize(page, ["eng"])).rejects.toMatchObject({ code: "OCR_ENGINE_FAILED", retryable: true });
      expect(isRunning(await childPid())).toBe(false);
      expect(await readdir(ownTmp)).toEqual([]);
      // The slot is free again: the next page is read.
      await expect((await nativeEngine(TESSERACT)).recognize(page, ["eng"])).resolves.toMatchObject({
        text: expect.stringContaining("quick brown fox"),
      });
    });

    it("kills it when its job is cancelled, rejecting with the cancel's reason", async () => {
      const native = await nativeEngine(binary);
      const cancel = new AbortController();
      const reading = native.recognize(page, ["eng"], { signal: cancel.signal });
      setTimeout(() => cancel.abort(new Error("job cancelled")), 100);
      await expect(reading).rejects.toThrow("job cancelled");
      expect(isRunning(await childPid())).toBe(false);
      expect(await readdir(ownTmp)).toEqual([]);
    });

    it("kills the running ones when the engine is terminated", async () => {
      const native = await nativeEngine(binary);
      const reading = native.recognize(page, ["eng"]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await native.terminate();
      await expect(reading).rejects.toThrow();
      expect(isRunning(await childPid())).toBe(false);
    });

    it("leaves no file after a page read to the end", async () => {
      const native = await nativeEngine(TESSERACT);
      await native.recognize(page, ["eng"]);
      expect(await readdir(ownTmp)).toEqual([]);
    });
  });
});

describe("choosing the engine at start (OCR_ENGINE)", { timeout: 60_000 }, () => {
  const start = (setting: "auto" | "tesseract-native", tesseractBinary: string) =>
    createConfiguredEngine({ setting, tesseractBinary, startLanguages: ["eng"], concurrency: 1 });

  it("auto: picks native tesseract when it has the language", async () => {
    const { engine, choice } = await start("auto", TESSERACT);
    try {
      expect(choice).toMatchObject({
        backend: "tesseract-native",
        reason: expect.stringMatching(/^auto: tesseract 5\.\d+\.\d+ \(tesseract\) has eng in /),
      });
      expect(await engine.modelIdentity(["eng"])).toMatch(/^tesseract@5/);
    } finally {
      await engine.terminate();
    }
  });

  it("auto: falls back to tesseract.js, saying why, when native tesseract lacks the language", async () => {
    const empty = await mkdtemp(path.join(scratch, "empty-tessdata-"));
    const binary = await script("no-languages", `exec ${TESSERACT} --tessdata-dir ${empty} "$@"`);
    const { engine, choice } = await start("auto", binary);
    try {
      expect(choice).toEqual({
        backend: "tesseract.js",
        reason: expect.stringMatching(/^auto: tesseract 5\.\d+\.\d+ has no traineddata for eng/),
      });
      expect(await engine.modelIdentity(["eng"])).toMatch(/^tesseract\.js@/);
    } finally {
      await engine.terminate();
    }
  });

  it("auto: falls back to tesseract.js when the binary is broken or missing", async () => {
    const broken = await script("broken", `echo "Illegal instruction" >&2\nexit 132`);
    expect((await start("auto", broken)).choice).toEqual({
      backend: "tesseract.js",
      reason: expect.stringContaining(`auto: ${broken} does not run`),
    });
    expect((await start("auto", "/nonexistent/tesseract")).choice.reason).toBe("auto: no /nonexistent/tesseract binary found");
  });

  it("tesseract-native: refuses to start with a broken binary, naming it", async () => {
    const broken = await script("broken-native", `echo "Illegal instruction" >&2\nexit 132`);
    await expect(start("tesseract-native", broken)).rejects.toMatchObject({
      code: "OCR_ENGINE_FAILED",
      message: expect.stringContaining(`OCR_ENGINE=tesseract-native, but ${broken} does not run`),
    });
  });

  it("fails a page with a clear error when the binary answers the probe but breaks on pages", async () => {
    const binary = await script(
      "breaks-on-pages",
      `case "$1" in --*) exec ${TESSERACT} "$@";; esac\necho "Segmentation fault" >&2\nexit 139`,
    );
    const { engine } = await start("tesseract-native", binary);
    await expect(engine.recognize(page, ["eng"])).rejects.toMatchObject({
      code: "OCR_ENGINE_FAILED",
      retryable: true,
      message: `${binary} exited with code 139: Segmentation fault`,
    });
  });
});

describe("the model the API keys result-cache lookups on (loadModelNamer)", { timeout: 60_000 }, () => {
  const expectSameAsWorker = async (setting: "auto" | "tesseract.js", tesseractBinary: string, pattern: RegExp) => {
    const modelOf = await loadModelNamer({ setting, tesseractBinary });
    const { engine } = await createConfiguredEngine({ setting, tesseractBinary, startLanguages: ["eng"], concurrency: 1 });
    try {
      expect(modelOf(["eng"])).toMatch(pattern);
      expect(modelOf(["eng"])).toBe(await engine.modelIdentity(["eng"]));
    } finally {
      await engine.terminate();
    }
  };

  it("is native tesseract's model where a worker configured alike reads with it", async () => {
    await expectSameAsWorker("auto", TESSERACT, /^tesseract@5/);
  });

  it("is tesseract.js's where the worker reads with tesseract.js: forced, or native lacking the language", async () => {
    await expectSameAsWorker("tesseract.js", TESSERACT, /^tesseract\.js@/);
    const empty = await mkdtemp(path.join(scratch, "empty-tessdata-"));
    const binary = await script("no-languages-api", `exec ${TESSERACT} --tessdata-dir ${empty} "$@"`);
    await expectSameAsWorker("auto", binary, /^tesseract\.js@/);
  });
});
