import multer from "multer";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toClientError } from "../../apps/api/src/http/error-handler.ts";
import { ERROR_STATUS } from "../../apps/api/src/http/error-status.ts";
import { ERROR_CODES } from "../../packages/shared/src/errors.ts";

describe("errors a client sees", () => {
  it("gives every error code a 4xx or 5xx status", () => {
    for (const code of ERROR_CODES) expect(ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
  });

  it("calls a bad option value 422 and a malformed request 400", () => {
    const options = z.object({ priority: z.number() }).safeParse({ priority: "x" });
    expect(toClientError(options.error)?.code).toBe("INVALID_OPTION");
    const body = z.object({ documentId: z.string() }).safeParse({});
    expect(toClientError(body.error)?.code).toBe("VALIDATION_FAILED");
  });

  it("maps multer's size limit to 413", () => {
    const error = toClientError(new multer.MulterError("LIMIT_FILE_SIZE", "file"));
    expect(error?.code).toBe("FILE_TOO_LARGE");
    expect(ERROR_STATUS[error!.code]).toBe(413);
  });

  it("leaves unexpected errors to the 500 path", () => {
    expect(toClientError(new Error("boom"))).toBeUndefined();
  });
});
