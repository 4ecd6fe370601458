import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkUploadLimits } from "../../apps/api/src/documents/limits/check-upload-limits.ts";
import { withFileReader } from "../../apps/api/src/documents/limits/file-reader.ts";
import { readImageHeader } from "../../apps/api/src/documents/limits/read-image-header.ts";
import { readPdfFacts } from "../../apps/api/src/documents/limits/read-pdf-facts.ts";
import type { SupportedMimeType } from "../../packages/shared/src/constants.ts";
import { gif, jpegHeader, manyPagePdf, tiff } from "../support/bad-input/bad-files.ts";
import { fixture, uniqueCopy } from "../support/http-client.ts";

const LIMITS = { MAX_PAGES: 1_000, MAX_PAGE_PIXELS: 100_000_000 };
const FIXTURES: [string, SupportedMimeType][] = [
  ["page-eng.png", "image/png"],
  ["page-eng.jpg", "image/jpeg"],
  ["rotated-exif.jpg", "image/jpeg"],
  ["three-pages.tiff", "image/tiff"],
  ["tiny.gif", "image/gif"],
  ["tiny.webp", "image/webp"],
  ["tiny.bmp", "image/bmp"],
  ["two-pages.pdf", "application/pdf"],
  ["owner-password.pdf", "application/pdf"],
];

describe("upload limits read from headers", () => {
  let dir: string;
  let count = 0;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-limits-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function onDisk(bytes: Buffer): Promise<string> {
    const file = path.join(dir, `f${count++}`);
    await writeFile(file, bytes);
    return file;
  }

  it.each(FIXTURES)("passes %s as it is, and with bytes after its end", async (name, mimeType) => {
    const bytes = await fixture(name);
    await expect(checkUploadLimits(await onDisk(bytes), mimeType, LIMITS)).resolves.toBeUndefined();
    await expect(checkUploadLimits(await onDisk(uniqueCopy(bytes)), mimeType, LIMITS)).resolves.toBeUndefined();
  });

  it("counts a PDF's pages from its page tree, and finds no end in a cut one", async () => {
    const pdf = await fixture("two-pages.pdf");
    expect(await withFileReader(await onDisk(pdf), readPdfFacts)).toEqual({ complete: true, pageCount: 2 });
    expect(await withFileReader(await onDisk(manyPagePdf(5_000)), readPdfFacts)).toMatchObject({ pageCount: 5_000 });
    expect(await withFileReader(await onDisk(pdf.subarray(0, pdf.length - 6)), readPdfFacts)).toEqual({ complete: false });
  });

  it.each([
    ["encrypted.pdf", true],
    ["encrypted-rc4.pdf", true],
    ["encrypted-aes128.pdf", true],
    ["owner-password.pdf", false],
  ])("tells whether %s needs a password: %s", async (name, needed) => {
    const facts = await withFileReader(await onDisk(await fixture(name)), readPdfFacts);
    expect(facts.needsPassword).toBe(needed);
  });

  it("reads every page of a TIFF and every frame of a GIF", async () => {
    const read = async (bytes: Buffer, mimeType: SupportedMimeType) =>
      withFileReader(await onDisk(bytes), (file) => readImageHeader(file, mimeType, LIMITS.MAX_PAGES));
    expect(await read(await fixture("three-pages.tiff"), "image/tiff")).toMatchObject({ pageCount: 3, complete: true });
    const pages = [
      { width: 3, height: 4 },
      { width: 5, height: 6 },
    ];
    expect(await read(tiff(pages), "image/tiff")).toEqual({ pages, pageCount: 2, complete: true });
    expect(await read(gif(7, 8, 3), "image/gif")).toEqual({ pages: [{ width: 7, height: 8 }], pageCount: 3, complete: true });
  });

  it("refuses a page over the pixel limit on any page, and too many pages", async () => {
    const secondHuge = tiff([
      { width: 10, height: 10 },
      { width: 20_000, height: 20_000 },
    ]);
    await expect(checkUploadLimits(await onDisk(secondHuge), "image/tiff", LIMITS)).rejects.toMatchObject({ code: "TOO_MANY_PIXELS" });
    const behindMetadata = jpegHeader(20_000, 20_000, 700_000);
    await expect(checkUploadLimits(await onDisk(behindMetadata), "image/jpeg", LIMITS)).rejects.toMatchObject({ code: "TOO_MANY_PIXELS" });
    const small = { MAX_PAGES: 2, MAX_PAGE_PIXELS: 1_000_000 };
    await expect(checkUploadLimits(await onDisk(gif(10, 10, 3)), "image/gif", small)).rejects.toMatchObject({ code: "TOO_MANY_PAGES" });
    await expect(checkUploadLimits(await onDisk(manyPagePdf(3)), "application/pdf", small)).rejects.toMatchObject({
      code: "TOO_MANY_PAGES",
    });
  });
});
