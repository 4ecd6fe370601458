import type { Request, Response } from "express";
import type { Job } from "@ocrflow/shared/db";
import { jobJson } from "@ocrflow/shared/job-json";
import type { AppDeps } from "../deps.ts";
import { preferredWaitSeconds } from "../http/prefer-wait.ts";
import { awaitJobFinish } from "./await-job-finish.ts";
import { renderJobResult } from "./render-job-result.ts";

/** 202 with the job and where to follow it: every route that queues one job answers so. */
export function sendAccepted(res: Response, job: Job): void {
  res
    .status(202)
    .location(`/api/v1/jobs/${job.id}`)
    .json({ job: jobJson(job) });
}

/**
 * Answers the submit of one job: 202 at once, unless the client asked to wait
 * (`Prefer: wait=N`, preferredWaitSeconds). Then, when the job finishes within
 * N seconds, 200 with the finished job and, if it completed, its result as
 * GET /jobs/:id/result gives it, and `Preference-Applied: wait=N`; otherwise 202
 * with the job as it is by then and `Preference-Applied: respond-async`. A client
 * that goes away while it waits is sent nothing; its job runs on. The API's
 * shutdown ends every wait at once.
 */
export async function answerSubmittedJob(
  deps: Pick<AppDeps, "db" | "storage" | "shutdown">,
  req: Request,
  res: Response,
  job: Job,
): Promise<void> {
  const seconds = preferredWaitSeconds(req.headers.prefer);
  if (seconds === undefined) return sendAccepted(res, job);
  const gone = new AbortController();
  res.once("close", () => gone.abort());
  const signals = [gone.signal, AbortSignal.timeout(seconds * 1000), ...(deps.shutdown ? [deps.shutdown] : [])];
  const finished = await awaitJobFinish(deps.db, job.id, AbortSignal.any(signals));
  if (gone.signal.aborted) return;
  if (!finished) {
    res.set("Preference-Applied", "respond-async");
    return sendAccepted(res, (await deps.db.job.findUnique({ where: { id: job.id } })) ?? job);
  }
  const result = finished.status === "completed" ? (await renderJobResult(deps, finished, "json")).body : null;
  res
    .status(200)
    .location(`/api/v1/jobs/${job.id}`)
    .set("Preference-Applied", `wait=${seconds}`)
    .json({ job: jobJson(finished), result });
}
