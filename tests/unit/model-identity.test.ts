import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TESSERACT_JS } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { ocrModelIdentity, TESSERACT_JS_ENGINE } from "../../packages/shared/src/model-identity.ts";
import { resultCacheKey } from "../../packages/shared/src/result-cache.ts";
import { jobOptionsSchema } from "../../packages/shared/src/validators/index.ts";

const ENGINE = "tesseract.js@7.0.0";

describe("ocrModelIdentity", () => {
  let root: string;
  const folder = (name: string) => path.join(root, name);
  const writeModel = (dir: string, lang: string, content: string) => writeFile(path.join(dir, `${lang}.traineddata`), content);

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "ocrflow-models-"));
    for (const [name, content] of [
      ["fast", "model A"],
      ["copy-of-fast", "model A"],
      ["best", "model B"],
    ]) {
      await mkdir(folder(name));
      await writeModel(folder(name), "eng", content);
      await writeModel(folder(name), "fra", `${content} fra`);
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe("for the same engine, languages and model files", () => {
    it("is the same, with the languages in any order", () => {
      expect(ocrModelIdentity(ENGINE, ["eng", "fra"], folder("fast"))).toBe(ocrModelIdentity(ENGINE, ["fra", "eng"], folder("fast")));
    });

    it("is the same for the same file content in another folder, as on another host", () => {
      expect(ocrModelIdentity(ENGINE, ["eng"], folder("copy-of-fast"))).toBe(ocrModelIdentity(ENGINE, ["eng"], folder("fast")));
    });

    it("names the engine, the folder and each language with its file's hash", () => {
      expect(ocrModelIdentity(ENGINE, ["fra", "eng"], folder("fast"))).toMatch(
        /^tesseract\.js@7\.0\.0\/tessdata\/eng:[0-9a-f]{16}\+fra:[0-9a-f]{16}$/,
      );
      expect(ocrModelIdentity(ENGINE, ["eng"])).toMatch(/^tesseract\.js@7\.0\.0\/4\.0\.0_best_int\/eng:[0-9a-f]{16}$/);
    });
  });

  describe("for another model", () => {
    it("differs for another folder's model file, or the bundled one", () => {
      const fast = ocrModelIdentity(ENGINE, ["eng"], folder("fast"));
      expect(ocrModelIdentity(ENGINE, ["eng"], folder("best"))).not.toBe(fast);
      expect(ocrModelIdentity(ENGINE, ["eng"])).not.toBe(fast);
    });

    it("differs once the file in the same folder is replaced, though its size stays the same", async () => {
      const dir = folder("fast");
      const before = ocrModelIdentity(ENGINE, ["eng"], dir);
      await writeModel(dir, "eng", "model C");
      // A replaced file gets a new mtime; set one apart from the old so a coarse clock cannot hide it.
      const later = new Date(Date.now() + 5_000);
      await utimes(path.join(dir, "eng.traineddata"), later, later);
      expect(ocrModelIdentity(ENGINE, ["eng"], dir)).not.toBe(before);
    });

    it("follows a model added to the folder later", async () => {
      const dir = folder("best");
      await rm(path.join(dir, "fra.traineddata"));
      expect(ocrModelIdentity(ENGINE, ["fra"], dir)).toMatch(/\/4\.0\.0_best_int\/fra:/);
      await writeModel(dir, "fra", "model B fra");
      const later = new Date(Date.now() + 5_000);
      await utimes(dir, later, later);
      expect(ocrModelIdentity(ENGINE, ["fra"], dir)).toMatch(/\/tessdata\/fra:/);
    });

    it("differs for another engine family or version", () => {
      expect(ocrModelIdentity("tesseract@5.3.0", ["eng"], folder("fast"))).not.toBe(ocrModelIdentity(ENGINE, ["eng"], folder("fast")));
    });
  });

  describe("when a language is not installed", () => {
    it("throws UNKNOWN_LANGUAGE", () => {
      expect(() => ocrModelIdentity(ENGINE, ["xyz"], folder("fast"))).toThrow(expect.objectContaining({ code: "UNKNOWN_LANGUAGE" }));
    });
  });
});

describe("the engine the API assumes", () => {
  it("is the tesseract.js the worker has installed", () => {
    expect(TESSERACT_JS_ENGINE).toBe(TESSERACT_JS);
  });
});

describe("resultCacheKey", () => {
  it("differs between models for the same content and languages, and not otherwise", () => {
    const sha = "a".repeat(64);
    const options = jobOptionsSchema.parse({});
    expect(resultCacheKey(sha, options, "m1")).toBe(resultCacheKey(sha, { ...options }, "m1"));
    expect(resultCacheKey(sha, options, "m1")).not.toBe(resultCacheKey(sha, options, "m2"));
    expect(resultCacheKey(sha, options, "m1")).not.toBe(resultCacheKey(sha, { ...options, mode: "figure" }, "m1"));
  });
});
