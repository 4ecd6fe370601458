import { Router } from "express";
import swaggerUi from "swagger-ui-express";
import { buildOpenApiDocument } from "./openapi-document.ts";

/** GET /openapi.json and the Swagger UI at /docs, its assets served from this process (no CDN). */
export function docsRouter(): Router {
  const document = buildOpenApiDocument();
  const router = Router();
  router.get("/openapi.json", (_req, res) => {
    res.json(document);
  });
  const uiOptions = { swaggerUrl: "/openapi.json", customSiteTitle: "ocrflow API" };
  router.use("/docs", swaggerUi.serveFiles(undefined, uiOptions), swaggerUi.setup(undefined, uiOptions));
  return router;
}
