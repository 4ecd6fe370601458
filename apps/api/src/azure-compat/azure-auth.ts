import type { RequestHandler } from "express";
import { hashApiKey } from "@ocrflow/shared/encoding";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { Db } from "@ocrflow/shared/db";
import type { ApiKeyCache } from "../auth/api-key-cache.ts";
import { findValidKey } from "../auth/authenticate.ts";

/** The header Azure's SDKs send a key credential in. */
export const AZURE_KEY_HEADER = "ocp-apim-subscription-key";

/**
 * Resolves `Ocp-Apim-Subscription-Key: <ocrflow API key>` to its user, as
 * the REST API's key check does (same lookup by hash, same cache). Only that
 * header: Azure clients send nothing else, and no session cookie is taken.
 */
export function azureAuthenticate(deps: { db: Db; cache?: ApiKeyCache }): RequestHandler {
  return async (req, _res, next) => {
    const key = req.get(AZURE_KEY_HEADER)?.trim();
    if (!key || key.length > 200) throw new OcrflowError("UNAUTHORIZED", "A valid API key is required");
    const keyHash = hashApiKey(key);
    let known = deps.cache?.get(keyHash);
    if (!known) {
      known = await findValidKey(deps.db, keyHash);
      if (!known) throw new OcrflowError("UNAUTHORIZED", "A valid API key is required");
      deps.cache?.set(keyHash, known);
    }
    req.user = { id: known.userId, keyId: known.keyId };
    next();
  };
}
