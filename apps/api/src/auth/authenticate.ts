import type { RequestHandler } from "express";
import { hashApiKey } from "@ocrflow/shared/encoding";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { Db } from "@ocrflow/shared/db";

function presentedKey(authorization: string | undefined, apiKeyHeader: string | undefined): string | undefined {
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? apiKeyHeader?.trim() ?? undefined;
}

/**
 * Resolves `Authorization: Bearer <key>` or `X-API-Key` to a user. Keys are
 * looked up by their SHA-256, so the key itself is never compared or stored.
 */
export function authenticate(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const key = presentedKey(req.get("authorization"), req.get("x-api-key"));
    if (!key || key.length > 200) throw new OcrflowError("UNAUTHORIZED", "A valid API key is required");
    const apiKey = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) }, select: { userId: true, revokedAt: true } });
    if (!apiKey || apiKey.revokedAt) throw new OcrflowError("UNAUTHORIZED", "A valid API key is required");
    req.user = { id: apiKey.userId };
    next();
  };
}
