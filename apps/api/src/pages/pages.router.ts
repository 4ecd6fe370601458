import { Router } from "express";
import { pageParamsSchema } from "@ocrflow/shared/validators";
import type { AppDeps } from "../deps.ts";
import { ownerOf } from "../http/owner.ts";
import { findOwnedJob } from "@ocrflow/shared/jobs";
import { findJobPage, pageCountOf } from "./find-job-page.ts";
import { jobPageJson } from "./job-page-json.ts";

/**
 * One page of a job at a time (GET /api/v1/jobs/:id/pages/:page): its text
 * and word boxes, for a viewer that never loads a long document whole.
 */
export function pagesRouter(deps: Pick<AppDeps, "db">): Router {
  const router = Router({ mergeParams: true });
  router.get("/:page", async (req, res) => {
    const { id, page } = pageParamsSchema.parse(req.params);
    const job = await findOwnedJob(deps.db, ownerOf(req), id);
    const [row, pageCount] = await Promise.all([findJobPage(deps.db, job.id, page), pageCountOf(deps.db, job)]);
    res.json({ page: jobPageJson(row), pageCount });
  });
  return router;
}
