import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { routePatternOf } from "../../apps/api/src/http/route-pattern.ts";

const request = (fields: { originalUrl: string; baseUrl?: string; routePath?: unknown }) =>
  ({
    originalUrl: fields.originalUrl,
    baseUrl: fields.baseUrl ?? "",
    route: fields.routePath === undefined ? undefined : { path: fields.routePath },
  }) as Request;

describe("the route label of a request", () => {
  it("is the mount path plus the route pattern, whatever ids and query the URL carries", () => {
    const id = "0b9e2f57-3d0c-4c61-9a43-5f1c2a7d8e10";
    expect(routePatternOf(request({ originalUrl: `/api/v1/jobs/${id}/result?format=text`, routePath: "/:id/result" }))).toBe(
      "/api/v1/jobs/:id/result",
    );
    expect(routePatternOf(request({ originalUrl: "/api/v1/jobs/", routePath: "/" }))).toBe("/api/v1/jobs");
    expect(routePatternOf(request({ originalUrl: "/metrics", routePath: "/" }))).toBe("/metrics");
  });

  it("holds after an error has reset the router's base URL", () => {
    expect(routePatternOf(request({ originalUrl: "/api/v1/documents/x-y", baseUrl: "", routePath: "/:id" }))).toBe("/api/v1/documents/:id");
  });

  it("names static files and multi-path routes by their mount point, and anything else as unmatched", () => {
    expect(routePatternOf(request({ originalUrl: "/docs/swagger-ui.css", baseUrl: "/docs" }))).toBe("/docs/*");
    expect(
      routePatternOf(request({ originalUrl: "/admin/queues/queue/ocr-high", baseUrl: "/admin/queues", routePath: ["/", "/queue/:name"] })),
    ).toBe("/admin/queues/*");
    expect(routePatternOf(request({ originalUrl: "/no/such/thing/123" }))).toBe("(unmatched)");
  });
});
