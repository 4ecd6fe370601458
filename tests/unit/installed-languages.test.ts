import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listInstalledLanguages, resolveLanguageData } from "../../packages/shared/src/languages.ts";

describe("installed OCR languages", () => {
  let tessdataDir: string;
  beforeAll(async () => {
    tessdataDir = await mkdtemp(path.join(tmpdir(), "ocrflow-tessdata-"));
    for (const file of ["eng.traineddata", "fra.traineddata", "osd.traineddata", "notes.txt"]) {
      await writeFile(path.join(tessdataDir, file), "");
    }
  });
  afterAll(async () => {
    await rm(tessdataDir, { recursive: true, force: true });
  });

  describe("when only the npm data packages are used", () => {
    it("lists English from @tesseract.js-data/eng", () => {
      expect(listInstalledLanguages()).toContain("eng");
    });

    it("resolves English to the package's gzipped LSTM model folder", () => {
      const data = resolveLanguageData(["eng"]);
      expect(data.gzip).toBe(true);
      expect(data.langPath).toMatch(/@tesseract\.js-data[\\/]eng[\\/]4\.0\.0_best_int$/);
      expect(existsSync(path.join(data.langPath, "eng.traineddata.gz"))).toBe(true);
    });

    it("rejects a language that is not installed, naming it", () => {
      expect(() => resolveLanguageData(["eng", "xyz"])).toThrow(
        expect.objectContaining({ code: "UNKNOWN_LANGUAGE", message: expect.stringContaining("xyz") }),
      );
    });

    it("rejects an empty language list", () => {
      expect(() => resolveLanguageData([])).toThrow(expect.objectContaining({ code: "UNKNOWN_LANGUAGE" }));
    });
  });

  describe("when a tessdata folder is configured", () => {
    it("adds its languages, without the osd model", () => {
      const languages = listInstalledLanguages(tessdataDir);
      expect(languages).toEqual(expect.arrayContaining(["eng", "fra"]));
      expect(languages).not.toContain("osd");
    });

    it("loads a language both have from the folder, the models the operator chose", () => {
      expect(resolveLanguageData(["eng"], tessdataDir)).toEqual({ langPath: tessdataDir, gzip: false, languages: ["eng"] });
    });

    it("loads a language it lacks from the npm package", async () => {
      const fraOnly = await mkdtemp(path.join(tmpdir(), "ocrflow-tessdata-"));
      await writeFile(path.join(fraOnly, "fra.traineddata"), "");
      try {
        expect(resolveLanguageData(["eng"], fraOnly)).toMatchObject({
          langPath: expect.stringMatching(/@tesseract\.js-data[\\/]eng[\\/]4\.0\.0_best_int$/),
          gzip: true,
        });
      } finally {
        await rm(fraOnly, { recursive: true, force: true });
      }
    });

    it("loads a combination from the one folder that holds all of it, uncompressed", () => {
      expect(resolveLanguageData(["eng", "fra"], tessdataDir)).toEqual({
        langPath: tessdataDir,
        gzip: false,
        languages: ["eng", "fra"],
      });
    });

    it("explains when the languages live in different folders", async () => {
      const fraOnly = await mkdtemp(path.join(tmpdir(), "ocrflow-tessdata-"));
      await writeFile(path.join(fraOnly, "fra.traineddata"), "");
      try {
        expect(() => resolveLanguageData(["eng", "fra"], fraOnly)).toThrow(/different folders/);
      } finally {
        await rm(fraOnly, { recursive: true, force: true });
      }
    });
  });
});
