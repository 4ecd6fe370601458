import type { RequestHandler } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";
import { sameSecret } from "../http/same-secret.ts";

export interface AdminCredentials {
  user: string;
  password: string;
}

function basicCredentials(authorization: string | undefined): AdminCredentials | undefined {
  const encoded = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * HTTP Basic auth against the configured admin credentials, compared in
 * constant time (user and password both checked, whichever is wrong).
 * Without them: 401 with WWW-Authenticate, so a browser asks for them.
 */
export function requireAdmin(expected: AdminCredentials): RequestHandler {
  return (req, res, next) => {
    const presented = basicCredentials(req.get("authorization"));
    const userMatches = sameSecret(presented?.user ?? "", expected.user);
    const passwordMatches = sameSecret(presented?.password ?? "", expected.password);
    if (presented && userMatches && passwordMatches) return next();
    res.set("WWW-Authenticate", 'Basic realm="ocrflow admin", charset="UTF-8"');
    throw new OcrflowError("UNAUTHORIZED", "The admin board needs the admin user and password");
  };
}
