import { describe, expect, it } from "vitest";
import { chooseEngine } from "../../packages/shared/src/ocr-backend/choose-engine.ts";
import type { TesseractProbe } from "../../packages/shared/src/ocr-backend/probe-tesseract.ts";

const DEBIAN = "/usr/share/tesseract-ocr/5/tessdata";
const tesseract = (version: string, languages: string[]): TesseractProbe => ({
  found: true,
  tesseract: { binary: "tesseract", version, major: Number(version.split(".")[0]), tessdataDir: DEBIAN, languages },
});
const missing: TesseractProbe = { found: false, reason: "no tesseract binary found" };

describe("chooseEngine", () => {
  describe("auto", () => {
    it("reads with native tesseract when it is 5 or later and has every language, in its own folder", () => {
      expect(chooseEngine("auto", tesseract("5.3.0", ["deu", "eng"]), ["eng", "deu"])).toEqual({
        backend: "tesseract-native",
        tessdataDir: DEBIAN,
        reason: `auto: tesseract 5.3.0 (tesseract) has eng+deu in ${DEBIAN}`,
      });
    });

    it("prefers TESSDATA_DIR when it holds the languages, as tesseract.js does", () => {
      const choice = chooseEngine("auto", tesseract("5.3.0", ["eng"]), ["eng"], { dir: "/models", languages: ["eng"] });
      expect(choice).toMatchObject({ backend: "tesseract-native", tessdataDir: "/models" });
    });

    it("falls back to tesseract.js, naming the missing language, when native tesseract lacks one", () => {
      expect(chooseEngine("auto", tesseract("5.3.0", ["eng"]), ["eng", "fra"])).toEqual({
        backend: "tesseract.js",
        reason: `auto: tesseract 5.3.0 has no traineddata for fra (in ${DEBIAN})`,
      });
    });

    it("falls back to tesseract.js when the languages are only in different folders", () => {
      const choice = chooseEngine("auto", tesseract("5.3.0", ["eng"]), ["eng", "fra"], { dir: "/models", languages: ["fra"] });
      expect(choice).toEqual({ backend: "tesseract.js", reason: "auto: tesseract 5.3.0 has eng+fra only in different folders" });
    });

    it("falls back to tesseract.js for tesseract 4 or a missing binary, saying so", () => {
      expect(chooseEngine("auto", tesseract("4.1.1", ["eng"]), ["eng"]).reason).toBe(
        "auto: tesseract is tesseract 4.1.1; 5 or later is needed",
      );
      expect(chooseEngine("auto", missing, ["eng"])).toEqual({ backend: "tesseract.js", reason: "auto: no tesseract binary found" });
    });
  });

  describe("tesseract-native", () => {
    it("throws OCR_ENGINE_FAILED without a usable binary, and UNKNOWN_LANGUAGE without the language", () => {
      expect(() => chooseEngine("tesseract-native", missing, ["eng"])).toThrow(
        expect.objectContaining({ code: "OCR_ENGINE_FAILED", message: "OCR_ENGINE=tesseract-native, but no tesseract binary found" }),
      );
      expect(() => chooseEngine("tesseract-native", tesseract("5.3.0", ["eng"]), ["fra"])).toThrow(
        expect.objectContaining({ code: "UNKNOWN_LANGUAGE" }),
      );
    });
  });

  it("tesseract.js: never looks at native tesseract", () => {
    expect(chooseEngine("tesseract.js", tesseract("5.3.0", ["eng"]), ["eng"])).toEqual({
      backend: "tesseract.js",
      reason: "OCR_ENGINE=tesseract.js",
    });
  });
});
