import { randomBytes } from "node:crypto";
import { sha256Hex } from "@ocrflow/shared/encoding";

/** A new session token: 32 random bytes, base64url. Only the cookie holds it. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The session row's id: the token's SHA-256, so a read of the database yields no usable cookie. */
export function sessionIdOf(token: string): string {
  return sha256Hex(token);
}

/**
 * The session's CSRF token, derived from its secret token: nothing more to
 * store, and unknowable without the cookie, which scripts cannot read. The
 * page gets it from the API and sends it back in the X-CSRF-Token header.
 */
export function csrfTokenOf(token: string): string {
  return sha256Hex(`ocrflow-csrf:${token}`);
}
