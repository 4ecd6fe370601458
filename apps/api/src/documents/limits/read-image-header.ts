import { imageSize } from "image-size";
import type { SupportedMimeType } from "@ocrflow/shared/constants";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { FileReader } from "./file-reader.ts";
import { isImageComplete } from "./image-complete.ts";
import type { ImagePages, PageSize } from "./page-size.ts";
import { readTiffPages } from "./read-tiff-pages.ts";
import { walkJpeg } from "./walk-jpeg.ts";
import { walkGif } from "./walk-gif.ts";

// Enough for any PNG, GIF, WebP or BMP header (JPEG segments are walked instead).
const HEAD_BYTES = 64 * 1024;

/**
 * An image's pages and their sizes from its header and tables, never its
 * pixels: every IFD of a TIFF, every frame of a GIF (each as large as its
 * screen, as decoders draw them), one page otherwise. A TIFF with more than
 * `maxPages` pages is refused before all are read.
 */
export async function readImageHeader(file: FileReader, mimeType: SupportedMimeType, maxPages: number): Promise<ImagePages> {
  if (mimeType === "image/tiff") return readTiffPages(file, maxPages);
  if (mimeType === "image/jpeg") return readJpeg(file);
  const head = await file.read(0, HEAD_BYTES);
  let size: { width?: number; height?: number };
  try {
    size = imageSize(head);
  } catch (error) {
    throw new OcrflowError("CORRUPT_FILE", "The image's header cannot be read", { cause: error });
  }
  const pages = [declaredSize(size)];
  if (mimeType !== "image/gif") return { pages, pageCount: 1, complete: await isImageComplete(file, mimeType) };
  const { frames, complete } = await walkGif(file);
  return { pages, pageCount: Math.max(frames, 1), complete };
}

async function readJpeg(file: FileReader): Promise<ImagePages> {
  const { complete, ...size } = await walkJpeg(file);
  // No frame header before the first scan, or none at all in a cut file.
  if (size.width === undefined) {
    if (!complete) return { pages: [], pageCount: 1, complete };
    throw new OcrflowError("CORRUPT_FILE", "The JPEG has no frame header");
  }
  return { pages: [declaredSize(size)], pageCount: 1, complete };
}

function declaredSize({ width = 0, height = 0 }: { width?: number; height?: number }): PageSize {
  if (width < 1 || height < 1) throw new OcrflowError("CORRUPT_FILE", `The image's header declares a size of ${width} x ${height} pixels`);
  return { width, height };
}
