import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { hashApiKey } from "@ocrflow/shared/encoding";
import { OcrflowError } from "@ocrflow/shared/errors";
import { type ApiKey, type Db, sql } from "@ocrflow/shared/db";
import { authenticateSession } from "../session/authenticate-session.ts";
import type { SessionCookieSettings } from "../session/session-cookie.ts";
import type { ApiKeyCache, KnownKey } from "./api-key-cache.ts";

function presentedKey(authorization: string | undefined, apiKeyHeader: string | undefined): string | undefined {
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? apiKeyHeader?.trim() ?? undefined;
}

/**
 * The stored hash matches the presented key's, compared in constant time. The
 * lookup by hash alone already leaks nothing usable (timing can tell at most
 * how much of a SHA-256 matched, and no one can steer a hash), but this keeps
 * the one comparison that decides access free of any early exit.
 */
function sameHash(storedHex: string, presentedHex: string): boolean {
  const stored = Buffer.from(storedHex, "hex");
  const presented = Buffer.from(presentedHex, "hex");
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}

export interface AuthDeps {
  db: Db;
  cache?: ApiKeyCache;
  /** The web app's session cookie; without it only API keys are accepted. */
  sessions?: SessionCookieSettings;
}

/**
 * Resolves `Authorization: Bearer <key>` or `X-API-Key` to a user. Keys are
 * looked up by their SHA-256, so the key itself is never compared or stored.
 * With a cache (API_KEY_CACHE_TTL_MS), a key found valid is trusted for that
 * long without reading it again. A request without a key may come from the
 * web app: its session cookie then stands for the key it was opened with.
 */
export function authenticate(deps: AuthDeps): RequestHandler {
  const { db, cache, sessions } = deps;
  return async (req, res, next) => {
    const key = presentedKey(req.get("authorization"), req.get("x-api-key"));
    if (key === undefined && sessions && (await authenticateSession(db, sessions, req, res))) return next();
    if (!key || key.length > 200) throw new OcrflowError("UNAUTHORIZED", "A valid API key is required");
    const keyHash = hashApiKey(key);
    let known = cache?.get(keyHash);
    if (!known) {
      known = await findValidKey(db, keyHash);
      if (!known) throw new OcrflowError("UNAUTHORIZED", "A valid API key is required");
      // Set only when read: a key in constant use is still read once per TTL.
      cache?.set(keyHash, known);
    }
    req.user = { id: known.userId, keyId: known.keyId };
    next();
  };
}

/** The user and key id of a key's hash, or undefined for an unknown or revoked key. */
export async function findValidKey(db: Db, keyHash: string): Promise<KnownKey | undefined> {
  const [apiKey] = await db.$queryRaw<Pick<ApiKey, "id" | "keyHash" | "userId" | "revokedAt">[]>(
    sql`SELECT "id", "keyHash", "userId", "revokedAt" FROM "ApiKey" WHERE "keyHash" = ${keyHash}`,
  );
  if (!apiKey || apiKey.revokedAt || !sameHash(apiKey.keyHash, keyHash)) return undefined;
  return { userId: apiKey.userId, keyId: apiKey.id };
}
