import { readFile, rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrEngine, TESSERACT_JS, workerStarter } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { createWorkerPool } from "../../apps/worker/src/ocr/engine/worker-pool.ts";
import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";
import { ocrModelIdentity } from "../../packages/shared/src/model-identity.ts";
import { makeTessdataDir } from "../support/tessdata-dir.ts";
import { fixturePath } from "./ocr-fixtures.ts";

describe("createOcrEngine", { timeout: 60_000 }, () => {
  let engine: OcrEngine;
  beforeAll(() => {
    engine = createOcrEngine({ concurrency: 2 });
  });
  afterAll(async () => {
    await engine.terminate();
  });

  describe("when two pages are recognised at once", () => {
    it("reads both on the shared pool", async () => {
      const [gif, webp] = await Promise.all([readFile(fixturePath("tiny.gif")), readFile(fixturePath("tiny.webp"))]);
      const results = await Promise.all([engine.recognize(gif, ["eng"]), engine.recognize(webp, ["eng", "eng"])]);
      expect(results.map((result) => result.text.trim())).toEqual(["Hi", "Hi"]);
    });
  });

  describe("when the bytes are not an image tesseract can read", () => {
    it("rejects with CORRUPT_FILE", async () => {
      await expect(engine.recognize(Buffer.from("not an image"), ["eng"])).rejects.toMatchObject({
        name: "OcrflowError",
        code: "CORRUPT_FILE",
      });
    });
  });

  describe("when the engine has been terminated", () => {
    it("refuses new pages", async () => {
      const stopped = createOcrEngine({ concurrency: 1 });
      await stopped.terminate();
      await expect(stopped.recognize(Buffer.alloc(0), ["eng"])).rejects.toThrow(/terminated/);
    });
  });

  it("rejects a concurrency below 1", () => {
    expect(() => createOcrEngine({ concurrency: 0 })).toThrow(RangeError);
  });
});

describe("createWorkerPool", { timeout: 60_000 }, () => {
  const startWorker = workerStarter(["eng"]);

  describe("when a page never finishes, as on a crashed worker thread", () => {
    it("fails that page with a retryable OCR_ENGINE_FAILED and reads the next one on a new worker", async () => {
      const pool = await createWorkerPool({ size: 1, startWorker, timeoutMs: 500 });
      try {
        const hung = pool.run(() => new Promise<never>(() => undefined));
        await expect(hung).rejects.toMatchObject({ name: "OcrflowError", code: "OCR_ENGINE_FAILED", retryable: true });
        const gif = await readFile(fixturePath("tiny.gif"));
        const next = await pool.run((worker) => worker.recognize(gif));
        expect(next.data.text.trim()).toBe("Hi");
      } finally {
        await pool.terminate();
      }
    });
  });

  describe("when more pages arrive than there are workers", () => {
    it("runs them one after another on the free worker", async () => {
      const pool = await createWorkerPool({ size: 1, startWorker, timeoutMs: 30_000 });
      try {
        let running = 0;
        let most = 0;
        const track = async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 50));
          running -= 1;
        };
        await Promise.all([pool.run(track), pool.run(track), pool.run(track)]);
        expect(most).toBe(1);
      } finally {
        await pool.terminate();
      }
    });
  });
});

describe("the model a language set is read with", { timeout: 60_000 }, () => {
  let tessdataDir: string;
  beforeAll(async () => {
    tessdataDir = await makeTessdataDir(["eng"]);
  });
  afterAll(async () => {
    await rm(tessdataDir, { recursive: true, force: true });
  });

  describe("when the configured tessdata folder holds every language", () => {
    it("reads with its model, and names that model with the installed tesseract.js and the file's hash", async () => {
      const engine = createOcrEngine({ concurrency: 1, tessdataDir });
      try {
        const page = await engine.recognize(await readFile(fixturePath("tiny.gif")), ["eng"]);
        expect(page.text.trim()).toBe("Hi");
        const model = await engine.modelIdentity(["eng"]);
        expect(model).toBe(ocrModelIdentity(TESSERACT_JS, ["eng"], tessdataDir));
        expect(model).toMatch(/^tesseract\.js@\d+\.\d+\.\d+\/tessdata\/eng:[0-9a-f]{16}$/);
      } finally {
        await engine.terminate();
      }
    });
  });

  describe("when it lacks one of them, or none is configured", () => {
    it("reads with the bundled npm model and names it by its folder", async () => {
      const withFolder = createOcrEngine({ concurrency: 1, tessdataDir });
      const without = createOcrEngine({ concurrency: 1 });
      try {
        expect(await withFolder.modelIdentity(["fra"])).toMatch(/^tesseract\.js@[^/]+\/4\.0\.0_best_int\/fra:[0-9a-f]{16}$/);
        expect(await without.modelIdentity(["eng"])).toMatch(/^tesseract\.js@[^/]+\/4\.0\.0_best_int\/eng:[0-9a-f]{16}$/);
      } finally {
        await Promise.all([withFolder.terminate(), without.terminate()]);
      }
    });
  });
});
