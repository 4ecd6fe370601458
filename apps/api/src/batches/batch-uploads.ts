import type { Request } from "express";
import { BATCH_MAX_ITEMS } from "@ocrflow/shared/constants";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { UploadedFile } from "../http/upload-storage.ts";

/** The repeated `files` of a multipart batch request, or a 400 naming the field. */
export function batchUploadsOf(req: Request): UploadedFile[] {
  const files = (req.files ?? []) as UploadedFile[];
  if (files.length === 0) {
    throw new OcrflowError("FILE_MISSING", `Send 1 to ${BATCH_MAX_ITEMS} files as multipart/form-data in repeated \`files\` fields`);
  }
  return files;
}
