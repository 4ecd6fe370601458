import { stat } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { classifyFailure } from "../../apps/worker/src/jobs/classify-failure.ts";
import { OcrflowError } from "../../packages/shared/src/errors.ts";

describe("what a failed OCR attempt means", () => {
  it("fails content errors at once, with their own code", () => {
    expect(classifyFailure(new OcrflowError("CORRUPT_FILE", "Image cannot be decoded"))).toEqual({
      code: "CORRUPT_FILE",
      message: "Image cannot be decoded",
      retryable: false,
    });
  });

  it("retries a document file that cannot be read, as a storage fault", async () => {
    const missing = await stat("/nonexistent/ocrflow-document").catch((error: unknown) => error);
    expect(classifyFailure(missing)).toMatchObject({ code: "STORAGE_FAILED", retryable: true });
  });

  // Database errors, produced by real databases: tests/db/database-failures.test.ts.

  it("fails a job that ran past its time limit at once", () => {
    expect(classifyFailure(new OcrflowError("JOB_TIMEOUT", "too long"))).toMatchObject({ code: "JOB_TIMEOUT", retryable: false });
  });

  it("retries anything unexpected, as an OCR failure", () => {
    expect(classifyFailure(new Error("worker thread exited"))).toMatchObject({ code: "OCR_FAILED", retryable: true });
  });
});
