import { describe, expect, it } from "vitest";
import { analyzeResultJson, type StoredWord } from "../../apps/api/src/azure-compat/analyze-result-json.ts";
import { languageOfLocale } from "../../apps/api/src/azure-compat/azure-locales.ts";
import { textLength } from "../../apps/api/src/azure-compat/text-offsets.ts";

const word = (text: string, x0: number, line: number, paragraph = 1, confidence = 90): StoredWord => ({
  text,
  confidence,
  bbox: { x0, y0: line * 20, x1: x0 + 10 * text.length, y1: line * 20 + 15 },
  block: 1,
  paragraph,
  line,
});

const base = { apiVersion: "2024-11-30", modelId: "prebuilt-read", stringIndexType: "textElements" as const, languages: ["eng"] };

describe("analyzeResultJson (Azure's prebuilt-read result from a job's pages)", () => {
  const result = analyzeResultJson({
    ...base,
    pages: [
      {
        page: 1,
        width: 800,
        height: 1000,
        words: [word("Hello", 10, 1), word("world", 80, 1), word("Again", 10, 2), word("New", 10, 3, 2)],
      },
      { page: 2, width: 800, height: 1000, words: [word("Two", 10, 1)] },
    ],
  });

  it("writes one line a row, pages one after another, and every span points at its own text", () => {
    expect(result.content).toBe("Hello world\nAgain\nNew\nTwo");
    for (const page of result.pages) {
      for (const w of page.words) expect(result.content.slice(w.span.offset, w.span.offset + w.span.length)).toBe(w.content);
      for (const line of page.lines) {
        const [span] = line.spans;
        expect(result.content.slice(span!.offset, span!.offset + span!.length)).toBe(line.content);
      }
    }
    expect(result.pages.map((page) => page.lines.map((line) => line.content))).toEqual([["Hello world", "Again", "New"], ["Two"]]);
    expect(result.pages[1]!.spans).toEqual([{ offset: 22, length: 3 }]);
  });

  it("gives clockwise polygons from the top-left corner, confidences 0-1, pixels for images", () => {
    const [first] = result.pages[0]!.words;
    expect(first).toMatchObject({ content: "Hello", confidence: 0.9, polygon: [10, 20, 60, 20, 60, 35, 10, 35] });
    expect(result.pages[0]!.lines[0]!.polygon).toEqual([10, 20, 130, 20, 130, 35, 10, 35]);
    expect(result.pages[0]).toMatchObject({ pageNumber: 1, angle: 0, unit: "pixel", width: 800, height: 1000 });
  });

  it("groups lines into paragraphs by the layout the worker found", () => {
    expect(result.paragraphs.map((p) => p.content)).toEqual(["Hello world\nAgain", "New", "Two"]);
    expect(result.paragraphs[2]).toMatchObject({ boundingRegions: [{ pageNumber: 2 }], spans: [{ offset: 22, length: 3 }] });
    expect(result.languages).toEqual([{ locale: "en", spans: [{ offset: 0, length: 25 }], confidence: 1 }]);
  });

  it("measures a PDF page in inches, scaling the boxes from the pixels it was read at", () => {
    const pdf = analyzeResultJson({
      ...base,
      pages: [{ page: 1, width: 1700, height: 2200, size: { width: 8.5, height: 11 }, words: [word("Inch", 200, 1)] }],
    });
    expect(pdf.pages[0]).toMatchObject({ unit: "inch", width: 8.5, height: 11 });
    expect(pdf.pages[0]!.words[0]!.polygon).toEqual([1, 0.1, 1.2, 0.1, 1.2, 0.175, 1, 0.175]);
  });

  it("counts offsets in the unit the request asked for", () => {
    const text = "e\u0301t\u00e9 😀";
    expect([textLength(text, "textElements"), textLength(text, "unicodeCodePoint"), textLength(text, "utf16CodeUnit")]).toEqual([5, 6, 7]);
    const pages = [{ page: 1, width: 100, height: 100, words: [word("😀", 0, 1), word("ok", 30, 1)] }];
    const utf16 = analyzeResultJson({ ...base, stringIndexType: "utf16CodeUnit", pages });
    const elements = analyzeResultJson({ ...base, pages });
    expect(utf16.pages[0]!.words[1]!.span).toEqual({ offset: 3, length: 2 });
    expect(elements.pages[0]!.words[1]!.span).toEqual({ offset: 2, length: 2 });
  });

  it("answers an empty page with no words, lines or languages", () => {
    const empty = analyzeResultJson({ ...base, pages: [{ page: 1, width: 10, height: 10, words: [] }] });
    expect(empty).toMatchObject({ content: "", paragraphs: [], languages: [] });
    expect(empty.pages[0]).toMatchObject({ words: [], lines: [], spans: [{ offset: 0, length: 0 }] });
  });
});

describe("languageOfLocale (Azure's locale hint as a tesseract language)", () => {
  it("takes the longest leading part of the tag that it knows, and nothing for an unknown one", () => {
    expect(["de", "de-CH", "fr-FR", "zh-Hans", "zh-hant-TW", "EN-us", "xx", ""].map(languageOfLocale)).toEqual([
      "deu",
      "deu",
      "fra",
      "chi_sim",
      "chi_tra",
      "eng",
      undefined,
      undefined,
    ]);
  });
});
