import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import type { Logger } from "@ocrflow/shared/logger";

/** The web app's own paths (it routes them in the page); anything else stays the API's 404. */
const APP_ROUTES = ["/", "/sign-in", "/upload", "/jobs", "/jobs/:id", "/jobs/:id/pages/:page", "/batches/:id"];

/**
 * Serves the web app's build (apps/web/dist, made by `pnpm install` or
 * `pnpm build`): hashed assets cached for good, the page itself revalidated
 * on every load. Static files only: nothing of the build tool runs here.
 * Without a build, its routes answer 503 saying how to make one.
 */
export function webAppRouter(distDir: string, logger: Logger): Router {
  const router = Router();
  const indexFile = path.join(distDir, "index.html");
  if (!existsSync(indexFile)) {
    logger.warn("web app not built: run pnpm build (or pnpm install) to serve it at /", { distDir });
    router.get(APP_ROUTES, (_req, res) => {
      res.status(503).type("text/plain").send("The web app is not built: run `pnpm build` in the ocrflow folder, then reload.\n");
    });
    return router;
  }
  // Vite names every asset after its content: a changed file is a new URL, so an asset is cached for good.
  router.use("/assets", express.static(path.join(distDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  router.get(APP_ROUTES, (_req, res) => {
    res.set("Cache-Control", "no-cache").sendFile(indexFile);
  });
  // The icon and other files at the build's root (not the page under its own name).
  router.use(express.static(distDir, { index: false, setHeaders: (res) => res.setHeader("Cache-Control", "no-cache") }));
  return router;
}
