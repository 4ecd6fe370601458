import { Router } from "express";
import { idParamsSchema } from "@ocrflow/shared/validators";
import type { AppDeps } from "../deps.ts";
import { ownerOf } from "../http/owner.ts";
import { getBatch } from "./get-batch.ts";

export function batchesRouter(deps: AppDeps): Router {
  const router = Router();

  router.get("/:id", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    res.json({ batch: await getBatch(deps.db, ownerOf(req), id) });
  });

  return router;
}
