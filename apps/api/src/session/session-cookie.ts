import { parse } from "cookie";
import type { Request, Response } from "express";

/** SESSION_COOKIE_SECURE: `auto` marks the cookie Secure when the request came over HTTPS (as TRUST_PROXY lets the API see it). */
export type CookieSecureSetting = "auto" | "true" | "false";

export interface SessionCookieSettings {
  ttlMs: number;
  secure: CookieSecureSetting;
}

const PLAIN_NAME = "ocrflow_session";
// Browsers accept a __Host- cookie only when Secure, for this host alone and
// path /: no other host or port-less subdomain can set or shadow it.
const SECURE_NAME = "__Host-ocrflow_session";

function isSecure(req: Request, setting: CookieSecureSetting): boolean {
  return setting === "auto" ? req.secure : setting === "true";
}

function cookieNameFor(req: Request, setting: CookieSecureSetting): string {
  return isSecure(req, setting) ? SECURE_NAME : PLAIN_NAME;
}

/** The session token the request's cookie carries, if any. */
export function readSessionCookie(req: Request, settings: SessionCookieSettings): string | undefined {
  const header = req.get("cookie");
  if (!header) return undefined;
  const token = parse(header)[cookieNameFor(req, settings.secure)];
  // Tokens are 43 base64url characters; anything else is no session.
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), for the whole origin. */
export function setSessionCookie(req: Request, res: Response, settings: SessionCookieSettings, token: string): void {
  res.cookie(cookieNameFor(req, settings.secure), token, {
    httpOnly: true,
    sameSite: "strict",
    secure: isSecure(req, settings.secure),
    path: "/",
    maxAge: settings.ttlMs,
  });
}

export function clearSessionCookie(req: Request, res: Response, settings: SessionCookieSettings): void {
  res.clearCookie(cookieNameFor(req, settings.secure), {
    httpOnly: true,
    sameSite: "strict",
    secure: isSecure(req, settings.secure),
    path: "/",
  });
}
