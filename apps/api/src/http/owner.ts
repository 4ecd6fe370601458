import type { Request } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";

/** The authenticated user's id; only called behind the auth middleware. */
export function ownerOf(req: Request): string {
  if (!req.user) throw new OcrflowError("UNAUTHORIZED", "A valid API key is required");
  return req.user.id;
}
