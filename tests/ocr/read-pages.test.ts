import { describe, expect, it } from "vitest";
import { readPages } from "../../apps/worker/src/ocr/pages/read-pages.ts";
import type { PageImage, PageSource } from "../../apps/worker/src/ocr/types.ts";
import { fixturePath } from "./ocr-fixtures.ts";

/** Width and height from a PNG's IHDR chunk. */
function pngSize(image: Buffer): { width: number; height: number } {
  expect(image.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: image.readUInt32BE(16), height: image.readUInt32BE(20) };
}

async function collect(source: PageSource): Promise<PageImage[]> {
  const pages: PageImage[] = [];
  for await (const page of source.pages) pages.push(page);
  return pages;
}

describe("readPages", { timeout: 60_000 }, () => {
  describe.each([
    ["tiny.gif", "image/gif"],
    ["tiny.webp", "image/webp"],
    ["tiny.bmp", "image/bmp"],
    ["page-eng.jpg", "image/jpeg"],
    ["page-eng.png", "image/png"],
  ])("when the file is %s", (name, mimeType) => {
    it("yields one page", async () => {
      const source = await readPages(fixturePath(name), mimeType);
      const pages = await collect(source);
      expect(source.pageCount).toBe(1);
      expect(pages.map((page) => page.page)).toEqual([1]);
      expect(pages[0]!.image.length).toBeGreaterThan(0);
    });
  });

  describe("when the TIFF has three pages", () => {
    it("yields each page as its own PNG image", async () => {
      const source = await readPages(fixturePath("three-pages.tiff"), "image/tiff");
      const pages = await collect(source);
      expect(source.pageCount).toBe(3);
      expect(pages.map((page) => page.page)).toEqual([1, 2, 3]);
      expect(pages.map((page) => pngSize(page.image))).toEqual(Array(3).fill({ width: 2480, height: 625 }));
    });

    it("starts at the requested page", async () => {
      const source = await readPages(fixturePath("three-pages.tiff"), "image/tiff", { startPage: 3 });
      expect((await collect(source)).map((page) => page.page)).toEqual([3]);
    });
  });

  describe("when the PDF has two pages", () => {
    it("renders each page at the requested scale", async () => {
      const source = await readPages(fixturePath("two-pages.pdf"), "application/pdf", { pdfScale: 1 });
      const pages = await collect(source);
      expect(source.pageCount).toBe(2);
      // The pages are 595.2 x 168 pt: one pixel per point at scale 1.
      expect(pages.map((page) => pngSize(page.image))).toEqual(Array(2).fill({ width: 595, height: 168 }));
    });
  });

  describe("when the content is not what the label says", () => {
    it("rejects a BMP label on a text file with CORRUPT_FILE", async () => {
      await expect(readPages(fixturePath("not-an-image.png"), "image/bmp")).rejects.toMatchObject({
        code: "CORRUPT_FILE",
      });
    });

    it("rejects a PDF label on an image with CORRUPT_FILE", async () => {
      await expect(readPages(fixturePath("page-eng.png"), "application/pdf")).rejects.toMatchObject({
        code: "CORRUPT_FILE",
      });
    });
  });

  describe("when a page has more pixels than allowed", () => {
    it.each([
      ["page-eng.png", "image/png"],
      ["tiny.bmp", "image/bmp"],
      ["three-pages.tiff", "image/tiff"],
    ])("refuses %s with TOO_MANY_PIXELS before decoding it", async (name, mimeType) => {
      await expect(readPages(fixturePath(name), mimeType, { maxPagePixels: 10 })).rejects.toMatchObject({
        code: "TOO_MANY_PIXELS",
        retryable: false,
      });
    });

    it("refuses a PDF page whose rendering would be too large, before rendering it", async () => {
      // Page 1 is 595 x 168 pt: 100,000 pixels at scale 1, 400,000 at scale 2.
      const source = await readPages(fixturePath("two-pages.pdf"), "application/pdf", { pdfScale: 2, maxPagePixels: 200_000 });
      await expect(collect(source)).rejects.toMatchObject({ code: "TOO_MANY_PIXELS", message: expect.stringContaining("Page 1") });
    });

    it("reads pages within the limit", async () => {
      const source = await readPages(fixturePath("two-pages.pdf"), "application/pdf", { pdfScale: 1, maxPagePixels: 200_000 });
      expect(await collect(source)).toHaveLength(2);
      const image = await readPages(fixturePath("tiny.bmp"), "image/bmp", { maxPagePixels: 200_000 });
      expect(await collect(image)).toHaveLength(1);
    });
  });

  describe("when the file does not exist", () => {
    it("rejects with the file-system error, not an input error", async () => {
      await expect(readPages(fixturePath("missing.png"), "image/png")).rejects.toMatchObject({ code: "ENOENT" });
    });
  });
});
