import { imageSize } from "image-size";
import type { SupportedMimeType } from "@ocrflow/shared/constants";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { FileReader } from "./file-reader.ts";
import { isImageComplete } from "./image-complete.ts";
import type { ImagePages } from "./page-size.ts";
import { readTiffPages } from "./read-tiff-pages.ts";
import { walkGif } from "./walk-gif.ts";

// image-size's own read size: JPEG's size sits after its metadata segments, which rarely pass this.
const HEAD_BYTES = 512 * 1024;

/**
 * An image's pages and their sizes from its header and tables, never its
 * pixels: every IFD of a TIFF, every frame of a GIF (each as large as its
 * screen, as decoders draw them), one page otherwise. A TIFF with more than
 * `maxPages` pages is refused before all are read. Undefined when the size
 * sits past the bytes read (a JPEG with huge metadata): the worker checks it.
 */
export async function readImageHeader(file: FileReader, mimeType: SupportedMimeType, maxPages: number): Promise<ImagePages | undefined> {
  if (mimeType === "image/tiff") return readTiffPages(file, maxPages);
  const head = await file.read(0, HEAD_BYTES);
  let size: { width?: number; height?: number };
  try {
    size = imageSize(head);
  } catch (error) {
    if (head.length < file.size) return undefined;
    throw new OcrflowError("CORRUPT_FILE", "The image's header cannot be read", { cause: error });
  }
  const { width = 0, height = 0 } = size;
  if (width < 1 || height < 1) throw new OcrflowError("CORRUPT_FILE", `The image's header declares a size of ${width} x ${height} pixels`);
  const pages = [{ width, height }];
  if (mimeType !== "image/gif") return { pages, pageCount: 1, complete: await isImageComplete(file, mimeType) };
  const { frames, complete } = await walkGif(file);
  return { pages, pageCount: Math.max(frames, 1), complete };
}
