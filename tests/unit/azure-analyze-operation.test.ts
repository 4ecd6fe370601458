import { describe, expect, it } from "vitest";
import { analyzeOperationJson, type OperationDeps } from "../../apps/api/src/azure-compat/analyze-operation.ts";
import type { Job } from "../../packages/shared/src/db.ts";

// Only a succeeded job reads pages; the states before and after a failure need nothing but the job row.
const noReads = {} as OperationDeps;
const query = { apiVersion: "2024-11-30", stringIndexType: "textElements" as const, modelId: "prebuilt-read" };
const jobIn = (status: string, error: Partial<Job> = {}) =>
  ({
    status,
    createdAt: new Date("2026-12-04T10:00:00Z"),
    updatedAt: new Date("2026-12-04T10:00:05Z"),
    errorCode: null,
    errorMessage: null,
    ...error,
  }) as Job;

describe("analyzeOperationJson (an ocrflow job as Azure's analyze operation)", () => {
  it("names queued and processing jobs notStarted and running, with no result yet", async () => {
    expect(await analyzeOperationJson(noReads, jobIn("queued"), query)).toEqual({
      status: "notStarted",
      createdDateTime: "2026-12-04T10:00:00.000Z",
      lastUpdatedDateTime: "2026-12-04T10:00:05.000Z",
    });
    expect((await analyzeOperationJson(noReads, jobIn("processing"), query)).status).toBe("running");
  });

  it("gives a failed job's reason in Azure's error shape", async () => {
    const failed = await analyzeOperationJson(
      noReads,
      jobIn("failed", { errorCode: "CORRUPT_FILE", errorMessage: "page 2 is unreadable" }),
      query,
    );
    expect(failed).toMatchObject({
      status: "failed",
      error: { code: "InvalidRequest", message: "page 2 is unreadable", innererror: { code: "InvalidContent" } },
    });
    const crashed = await analyzeOperationJson(
      noReads,
      jobIn("failed", { errorCode: "OCR_FAILED", errorMessage: "engine crashed" }),
      query,
    );
    expect(crashed).toMatchObject({ status: "failed", error: { code: "InternalServerError", message: "engine crashed" } });
  });

  it("reports a job cancelled in ocrflow as canceled", async () => {
    expect(await analyzeOperationJson(noReads, jobIn("cancelled"), query)).toMatchObject({
      status: "canceled",
      error: { message: "The analysis was cancelled" },
    });
  });
});
