import { describe, expect, it } from "vitest";
import { assembleResult, firstUnfinishedPage, type StoredPage } from "../../apps/worker/src/jobs/assemble-result.ts";
import { OcrflowError } from "../../packages/shared/src/errors.ts";

const word = (text: string) => ({ text, confidence: 90, bbox: { x0: 0, y0: 0, x1: 1, y1: 1 } });
const page = (number: number, text: string, confidence: number, wordCount: number): StoredPage => ({
  page: number,
  text,
  confidence,
  words: JSON.stringify(Array.from({ length: wordCount }, (_, index) => word(`${text}${index}`))),
});

describe("where a job resumes", () => {
  it("starts at page 1 when nothing is stored", () => {
    expect(firstUnfinishedPage([])).toBe(1);
  });

  it("starts after the pages stored in a row", () => {
    expect(firstUnfinishedPage([1, 2])).toBe(3);
    expect(firstUnfinishedPage([2, 1, 3])).toBe(4);
  });

  it("starts at the first gap, never skipping an unread page", () => {
    expect(firstUnfinishedPage([1, 3])).toBe(2);
    expect(firstUnfinishedPage([2, 3])).toBe(1);
  });
});

describe("the result assembled from stored pages", () => {
  it("joins every page's text in page order, whichever attempt stored it", () => {
    const pages = [page(3, "three", 80, 1), page(1, "one", 80, 1), page(2, "two", 80, 1)];
    expect(assembleResult(pages, 3).text).toBe("one\ftwo\fthree");
  });

  it("weights each page's confidence by its word count", () => {
    const pages = [page(1, "long", 90, 9), page(2, "short", 50, 1)];
    expect(assembleResult(pages, 2).confidence).toBeCloseTo(86);
  });

  it("fails, retryably, when a page is missing, so the next attempt reads it", () => {
    const assemble = () => assembleResult([page(1, "one", 80, 1), page(3, "three", 80, 1)], 3);
    expect(assemble).toThrow(OcrflowError);
    expect(assemble).toThrow(/Page 2 of 3/);
    try {
      assemble();
    } catch (error) {
      expect(error).toMatchObject({ code: "OCR_FAILED", retryable: true });
    }
  });
});
