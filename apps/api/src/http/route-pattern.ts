import type { Request } from "express";

/** The label of requests no route matched (404s, refused credentials): never the raw URL. */
export const UNMATCHED_ROUTE = "(unmatched)";

/**
 * The Express route pattern a request matched, e.g. `/api/v1/jobs/:id/result`,
 * for logs and metric labels (a raw URL would carry ids). Express resets
 * `req.baseUrl` when an error leaves a router, so the mount prefix is taken
 * from the URL instead: the path minus as many segments as the route has.
 * Mount paths here have no parameters, so that prefix holds no ids. Static
 * files and multi-path routes are labelled by their mount point, `/docs/*`.
 */
export function routePatternOf(req: Request): string {
  const routePath: unknown = req.route?.path;
  if (typeof routePath !== "string") return req.baseUrl ? `${req.baseUrl}/*` : UNMATCHED_ROUTE;
  const pathSegments = (req.originalUrl.split("?")[0] ?? "").split("/").filter(Boolean);
  const routeSegments = routePath.split("/").filter(Boolean);
  const mount = pathSegments.slice(0, Math.max(0, pathSegments.length - routeSegments.length));
  return `/${[...mount, ...routeSegments].join("/")}`;
}
