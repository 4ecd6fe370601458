import { readFile } from "node:fs/promises";
import type { Metadata } from "sharp";
import { sharp } from "../../images/load-sharp.ts";
import { describeError, OcrflowError } from "@ocrflow/shared/errors";
import { assertPagePixels } from "@ocrflow/shared/page-limits";
import { isBmp, readBmpHeader } from "./read-bmp-header.ts";
import type { PageImage, PageSource } from "../types.ts";

const SINGLE_PAGE_FORMATS = new Set(["png", "jpeg"]);
const MULTI_PAGE_FORMATS = new Set(["tiff", "gif", "webp"]);

/**
 * Pages of a raster image file. The content decides the format, not the claimed
 * MIME type, but only the raster formats we accept are decoded (no SVG, HEIF...).
 */
export async function readImagePages(filePath: string, startPage = 1, maxPagePixels = Number.POSITIVE_INFINITY): Promise<PageSource> {
  const data = await readFile(filePath);
  if (isBmp(data)) {
    const { width, height } = readBmpHeader(data);
    assertPagePixels(width, Math.abs(height), maxPagePixels, 1);
    return singlePage(data, startPage);
  }
  const { format, pages: pageCount = 1, width = 0, height = 0, pageHeight } = await readMetadata(data);
  // Every page of a multi-page file is as large as the first in sharp's reading.
  assertPagePixels(width, pageHeight ?? height, maxPagePixels, 1);
  if (SINGLE_PAGE_FORMATS.has(format)) return singlePage(data, startPage);
  if (!MULTI_PAGE_FORMATS.has(format)) {
    throw new OcrflowError("UNSUPPORTED_CONTENT", `Image format ${format} is not accepted for OCR`);
  }
  return { pageCount, pages: extractPages(data, pageCount, startPage) };
}

async function readMetadata(data: Buffer): Promise<Metadata> {
  try {
    return await sharp(data).metadata();
  } catch (error) {
    throw new OcrflowError("CORRUPT_FILE", `Image cannot be read: ${describeError(error)}`, { cause: error });
  }
}

function singlePage(image: Buffer, startPage: number): PageSource {
  const pages = startPage <= 1 ? [{ page: 1, image }] : [];
  return { pageCount: 1, pages: toAsyncIterable(pages) };
}

async function* toAsyncIterable(pages: PageImage[]): AsyncGenerator<PageImage> {
  yield* pages;
}

async function* extractPages(data: Buffer, pageCount: number, startPage: number): AsyncGenerator<PageImage> {
  for (let page = Math.max(startPage, 1); page <= pageCount; page += 1) {
    let image: Buffer;
    try {
      // Orient here: the PNG re-encode drops the orientation tag that prepare-image would apply.
      image = await sharp(data, { page: page - 1 })
        .autoOrient()
        .png({ compressionLevel: 1 })
        .toBuffer();
    } catch (error) {
      throw new OcrflowError("CORRUPT_FILE", `Image page ${page} cannot be decoded: ${describeError(error)}`, {
        cause: error,
      });
    }
    yield { page, image };
  }
}
