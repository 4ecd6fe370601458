import type { Request, Response } from "express";
import type { Db } from "@ocrflow/shared/db";
import { OcrflowError } from "@ocrflow/shared/errors";
import { sameSecret } from "../http/same-secret.ts";
import { readSessionCookie, type SessionCookieSettings, setSessionCookie } from "./session-cookie.ts";
import { findSession, renewSession } from "./session-store.ts";

/** Methods that change nothing: every other one needs the session's CSRF token. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const CSRF_HEADER = "x-csrf-token";

/**
 * Signs the request in with its session cookie, if it has a valid one: sets
 * req.user and req.session and returns true. A request that changes anything
 * must also carry the session's CSRF token (403 otherwise): another site can
 * neither read it nor set the header. A session past half its life is
 * extended, so one in use does not end mid-work.
 */
export async function authenticateSession(db: Db, settings: SessionCookieSettings, req: Request, res: Response): Promise<boolean> {
  const token = readSessionCookie(req, settings);
  if (!token) return false;
  const session = await findSession(db, token);
  if (!session) return false;
  if (!SAFE_METHODS.has(req.method) && !sameSecret(req.get(CSRF_HEADER) ?? "", session.csrfToken)) {
    throw new OcrflowError("CSRF_FAILED", "A signed-in browser must send its session's X-CSRF-Token with every change");
  }
  const now = Date.now();
  if (session.expiresAt.getTime() - now < settings.ttlMs / 2) {
    const expiresAt = new Date(now + settings.ttlMs);
    if (await renewSession(db, session.id, expiresAt)) {
      session.expiresAt = expiresAt;
      setSessionCookie(req, res, settings, token);
    }
  }
  req.user = { id: session.userId, keyId: session.keyId };
  req.session = session;
  return true;
}
