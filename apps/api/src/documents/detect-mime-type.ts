import { fileTypeFromFile } from "file-type";
import { isSupportedMimeType, SUPPORTED_MIME_TYPES, type SupportedMimeType } from "@ocrflow/shared/constants";
import { OcrflowError } from "@ocrflow/shared/errors";

/** The file's type from its magic bytes; the name and Content-Type are ignored. */
export async function detectMimeType(filePath: string): Promise<SupportedMimeType> {
  const detected = await fileTypeFromFile(filePath);
  const mime: string | undefined = detected?.mime;
  if (isSupportedMimeType(mime)) return mime;
  throw new OcrflowError("UNSUPPORTED_MEDIA_TYPE", "The file's content is not a supported image or PDF", {
    details: { detected: mime ?? "unknown", supported: SUPPORTED_MIME_TYPES },
  });
}
