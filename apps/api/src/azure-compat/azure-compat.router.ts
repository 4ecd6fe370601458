import express, { type Request, Router } from "express";
import { jobOptionsSchema } from "@ocrflow/shared/validators";
import type { ApiKeyCache } from "../auth/api-key-cache.ts";
import type { AppDeps } from "../deps.ts";
import { ownerOf } from "../http/owner.ts";
import { submitUploads } from "../jobs/submit-uploads.ts";
import { SIGNATURE_HEADER, SIGNATURE_NOT_CARRIED_OVER, searchablePdfOfJob } from "../results/searchable-pdf-of-job.ts";
import { analyzeOperationJson, findAnalyzeJob } from "./analyze-operation.ts";
import { assertReadModel, type CommonQuery, parseAnalyzeQuery, parseAnalyzeTarget, parseResultQuery } from "./analyze-query.ts";
import { azureAuthenticate } from "./azure-auth.ts";
import { AzureRequestError, azureNotFoundRoute } from "./azure-error.ts";
import { createPdfPageSizeReader } from "./pdf-page-sizes.ts";
import { analyzeJsonLimit, receiveAnalyzeBody } from "./receive-analyze-body.ts";

/** The two path prefixes Azure's SDKs use: Form Recognizer (up to API 2023-07-31) and Document Intelligence (2023-10-31 on). */
export const AZURE_PATH_PREFIXES = ["/formrecognizer", "/documentintelligence"];

/** Seconds a poller is told to wait before asking again while the job runs. */
const RETRY_AFTER_S = 1;

/** Where the caller polls: an absolute URL under the prefix it called, as Azure gives it (its SDKs parse the id out of it). */
function operationLocation(req: Request, modelId: string, resultId: string, query: CommonQuery): string {
  const url = new URL(`${req.baseUrl}/documentModels/${modelId}/analyzeResults/${resultId}`, `${req.protocol}://${req.host}`);
  url.searchParams.set("api-version", query.apiVersion);
  // The result's offsets are counted as the analyze request asked: the poll carries that choice, so nothing is stored for it.
  if (query.stringIndexType !== "textElements") url.searchParams.set("stringIndexType", query.stringIndexType);
  return url.href;
}

/**
 * Azure Document Intelligence's analyze API for the prebuilt-read model, so
 * that its clients (paperless-ngx among them) can use ocrflow as their OCR:
 * each analyze request is an ordinary ocrflow job of the key's owner (queue,
 * normal priority, limits, cache), and its result id is the job id.
 */
export function azureCompatRouter(deps: AppDeps, cache: ApiKeyCache | undefined, perKeyLimit: express.RequestHandler): Router {
  const router = Router();
  const maxBytes = deps.config.MAX_FILE_SIZE_MB * 1024 * 1024;
  const operationDeps = { db: deps.db, storage: deps.storage, readPdfPageSizes: createPdfPageSizeReader() };
  router.use(azureAuthenticate({ db: deps.db, cache }), perKeyLimit);

  router.post("/documentModels/:target", express.json({ limit: analyzeJsonLimit(maxBytes) }), async (req, res) => {
    const modelId = parseAnalyzeTarget(req.params.target);
    const query = parseAnalyzeQuery(req.query);
    const file = await receiveAnalyzeBody(req, deps.storage, maxBytes);
    // The locale the request names, else the installation's choice; an uninstalled one is refused as InvalidParameter.
    const languages = query.languages ?? deps.config.AZURE_LANGUAGES;
    const { jobs } = await submitUploads(deps, ownerOf(req), [file], () => jobOptionsSchema.parse({ languages }));
    res
      .status(202)
      .set({ "Operation-Location": operationLocation(req, modelId, jobs[0]!.id, query), "apim-request-id": req.id })
      .end();
  });

  router.get("/documentModels/:modelId/analyzeResults/:resultId", async (req, res) => {
    const modelId = assertReadModel(req.params.modelId);
    const query = parseResultQuery(req.query);
    const job = await findAnalyzeJob(deps.db, ownerOf(req), req.params.resultId);
    const body = await analyzeOperationJson(operationDeps, job, { ...query, modelId });
    if (body.status === "notStarted" || body.status === "running") res.set("Retry-After", String(RETRY_AFTER_S));
    res.set("apim-request-id", req.id).json(body);
  });

  // The searchable PDF of a finished analysis (paperless-ngx asks for it with output=pdf and then downloads it here).
  router.get("/documentModels/:modelId/analyzeResults/:resultId/pdf", async (req, res) => {
    assertReadModel(req.params.modelId);
    parseResultQuery(req.query);
    const job = await findAnalyzeJob(deps.db, ownerOf(req), req.params.resultId);
    if (job.status !== "completed") {
      throw new AzureRequestError(404, "NotFound", "Resource not found.", {
        code: "ResultNotReady",
        message: `The analyze operation is ${job.status}; its PDF exists once it has succeeded.`,
      });
    }
    const { pdf, signatureDropped } = await searchablePdfOfJob(deps.db, deps.storage, job);
    if (signatureDropped) res.set(SIGNATURE_HEADER, SIGNATURE_NOT_CARRIED_OVER);
    res.set("apim-request-id", req.id).type("application/pdf").send(Buffer.from(pdf));
  });

  router.use(azureNotFoundRoute);
  return router;
}
