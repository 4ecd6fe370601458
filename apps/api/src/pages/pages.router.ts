import { Router } from "express";
import { OcrflowError } from "@ocrflow/shared/errors";
import { findOwnedJob } from "@ocrflow/shared/jobs";
import { pageImageStorage } from "@ocrflow/shared/storage";
import { pageParamsSchema } from "@ocrflow/shared/validators";
import type { AppDeps } from "../deps.ts";
import { ownerOf } from "../http/owner.ts";
import { findJobPage, pageCountOf } from "./find-job-page.ts";
import { jobPageJson } from "./job-page-json.ts";

const NO_IMAGE = "No image was kept for this page (read before images were kept, or from a BMP)";

/**
 * One page of a job at a time (GET /api/v1/jobs/:id/pages/:page): its text
 * and word boxes, for a viewer that never loads a long document whole; and
 * the page as the worker read it (/image), the space its word boxes are in.
 */
export function pagesRouter(deps: Pick<AppDeps, "db" | "storage">): Router {
  const router = Router({ mergeParams: true });
  const pageImages = pageImageStorage(deps.storage);

  router.get("/:page", async (req, res) => {
    const { id, page } = pageParamsSchema.parse(req.params);
    const job = await findOwnedJob(deps.db, ownerOf(req), id);
    const [row, pageCount] = await Promise.all([findJobPage(deps.db, job.id, page), pageCountOf(deps.db, job)]);
    const image = row.imageKey ? `/api/v1/jobs/${job.id}/pages/${page}/image` : null;
    res.json({ page: jobPageJson(row), pageCount, image });
  });

  router.get("/:page/image", async (req, res, next) => {
    const { id, page } = pageParamsSchema.parse(req.params);
    const job = await findOwnedJob(deps.db, ownerOf(req), id);
    const { imageKey } = await findJobPage(deps.db, job.id, page);
    if (!imageKey) throw new OcrflowError("NOT_FOUND", NO_IMAGE);
    // Revalidated on each use (a retried job may read its pages again); the ETag makes that a 304.
    const headers = { "Content-Type": "image/webp", "Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff" };
    res.sendFile(pageImages.pathOf(imageKey), { headers, cacheControl: false, lastModified: false }, (error) => {
      if (error && !res.headersSent) next(new OcrflowError("NOT_FOUND", NO_IMAGE));
    });
  });
  return router;
}
