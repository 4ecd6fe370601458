import "express";
import type { ActiveSession } from "../session/session-store.ts";

declare global {
  namespace Express {
    interface Request {
      /** Set by the request-id middleware on every request. */
      id: string;
      /** Set by the auth middleware on /api/v1 routes. */
      user?: { id: string; keyId: string };
      /** Set when the request signed in with the web app's session cookie rather than an API key. */
      session?: ActiveSession;
    }
  }
}
