import { Router, type Request } from "express";
import { findOwnedDocument } from "@ocrflow/shared/jobs";
import { documentListQuerySchema, idParamsSchema, updateDocumentBodySchema } from "@ocrflow/shared/validators";
import type { AppDeps } from "../deps.ts";
import { ownerOf } from "../http/owner.ts";
import { singleUploadOf } from "../http/single-upload.ts";
import type { createUpload } from "../http/upload.ts";
import { deleteDocument } from "./delete-document.ts";
import { documentJson } from "./document-json.ts";
import { listDocuments } from "./list-documents.ts";
import { sendDocumentContent } from "./send-document-content.ts";
import { setDocumentCategory } from "./set-document-category.ts";
import { storeDocument } from "./store-document.ts";

export function documentsRouter(deps: AppDeps, upload: ReturnType<typeof createUpload>): Router {
  const router = Router();

  const documentOf = (req: Request) => findOwnedDocument(deps.db, ownerOf(req), idParamsSchema.parse(req.params).id);

  router.get("/", async (req, res) => {
    res.json(await listDocuments(deps.db, ownerOf(req), documentListQuerySchema.parse(req.query)));
  });

  router.post("/", upload.single("file"), async (req, res) => {
    const { document, duplicate } = await storeDocument(deps, ownerOf(req), singleUploadOf(req));
    if (duplicate) res.status(200).json({ document: documentJson(document), duplicate: true });
    else
      res
        .status(201)
        .location(`/api/v1/documents/${document.id}`)
        .json({ document: documentJson(document) });
  });

  router.get("/:id", async (req, res) => {
    res.json({ document: documentJson(await documentOf(req)) });
  });

  router.get("/:id/content", async (req, res) => {
    await sendDocumentContent(deps, await documentOf(req), res);
  });

  router.patch("/:id", async (req, res) => {
    const document = await documentOf(req);
    const { category } = updateDocumentBodySchema.parse(req.body);
    res.json({ document: documentJson(await setDocumentCategory(deps.db, document, category)) });
  });

  router.delete("/:id", async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    await deleteDocument(deps.db, ownerOf(req), id);
    res.status(204).end();
  });

  return router;
}
