import type { Request } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { UploadedFile } from "./upload-storage.ts";

/** The one `file` of a multipart request, or a 400 naming the field. */
export function singleUploadOf(req: Request): UploadedFile {
  const file = req.file as UploadedFile | undefined;
  if (!file) throw new OcrflowError("FILE_MISSING", "Send the file as multipart/form-data in the field `file`");
  return file;
}
