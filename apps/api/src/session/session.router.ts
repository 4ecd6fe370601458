import { Router, type Request, type Response } from "express";
import type { Db } from "@ocrflow/shared/db";
import { hashApiKey } from "@ocrflow/shared/encoding";
import { OcrflowError } from "@ocrflow/shared/errors";
import { signInBodySchema } from "@ocrflow/shared/validators";
import { authenticate, findValidKey } from "../auth/authenticate.ts";
import { clearSessionCookie, readSessionCookie, type SessionCookieSettings, setSessionCookie } from "./session-cookie.ts";
import { type ActiveSession, createSession, deleteExpiredSessions, deleteSession, findSession } from "./session-store.ts";
import { sessionIdOf } from "./session-token.ts";

export interface SessionRouterDeps {
  db: Db;
  sessions: SessionCookieSettings;
  /** Bull Board's path when it is served, for the web app's operator link. */
  adminBoard: string | null;
}

/** The signed-in session of the request, or 401 (an API key is not a session). */
function sessionOf(req: Request): ActiveSession {
  if (!req.session) throw new OcrflowError("UNAUTHORIZED", "Not signed in");
  return req.session;
}

/**
 * The web app's sign-in (POST: an API key for a session cookie), the current
 * session (GET) and sign-out (DELETE). The key itself never goes back to the
 * browser, and the page never stores it.
 */
export function sessionRouter(deps: SessionRouterDeps): Router {
  const router = Router();
  const { db, sessions } = deps;
  const sessionJson = (session: ActiveSession) => ({
    user: { id: session.userId, name: session.userName },
    expiresAt: session.expiresAt.toISOString(),
    csrfToken: session.csrfToken,
    adminBoard: deps.adminBoard,
  });
  const requireSession = authenticate({ db, sessions });

  // JSON only: a cross-site form cannot send it, so no other site can sign a browser in to its own account.
  router.post("/", async (req: Request, res: Response) => {
    if (!req.is("application/json")) throw new OcrflowError("UNSUPPORTED_MEDIA_TYPE", "Send the API key as JSON");
    const { apiKey } = signInBodySchema.parse(req.body);
    const key = await findValidKey(db, hashApiKey(apiKey));
    if (!key) throw new OcrflowError("UNAUTHORIZED", "That API key is not valid (or was revoked)");
    const previous = readSessionCookie(req, sessions);
    if (previous) await deleteSession(db, sessionIdOf(previous));
    await deleteExpiredSessions(db);
    const { token } = await createSession(db, key.keyId, sessions.ttlMs);
    const session = await findSession(db, token);
    if (!session) throw new Error("a session just created was not found");
    setSessionCookie(req, res, sessions, token);
    res.status(201).json({ session: sessionJson(session) });
  });

  router.get("/", requireSession, (req, res) => {
    res.json({ session: sessionJson(sessionOf(req)) });
  });

  // Needs the CSRF token like any change: another site cannot sign the user out.
  router.delete("/", requireSession, async (req, res) => {
    await deleteSession(db, sessionOf(req).id);
    clearSessionCookie(req, res, sessions);
    res.status(204).end();
  });

  return router;
}
