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

  it("calls a malformed multipart body 400, but not an unexpected error with a similar message", () => {
    for (const message of ["Multipart: Boundary not found", "Unexpected end of form", "Malformed part header", "Request aborted"]) {
      expect(toClientError(new Error(message))?.code, message).toBe("BAD_REQUEST");
    }
    expect(toClientError(new Error("Unsupported content type: multipart/mixed"))?.code).toBe("BAD_REQUEST");
    expect(toClientError(new TypeError("Unexpected end of form"))).toBeUndefined();
  });

  it("calls a JSON body in an unsupported charset 415", () => {
    const error = toClientError(Object.assign(new Error("unsupported charset"), { status: 415, type: "charset.unsupported" }));
    expect(error?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("leaves unexpected errors to the 500 path", () => {
    expect(toClientError(new Error("boom"))).toBeUndefined();
  });
});
