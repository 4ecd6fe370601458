import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * helmet's security headers on every response. Its default CSP already fits
 * the pages this service serves (Swagger UI at /docs and Bull Board load only
 * their own scripts, with inline styles that style-src allows), except
 * upgrade-insecure-requests: on plain HTTP (a LAN install, loopback) it would
 * send their assets to an https:// that nothing answers. Routes with their
 * own stricter policy (document content) set it after this.
 */
export function securityHeaders(): RequestHandler {
  return helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
}
