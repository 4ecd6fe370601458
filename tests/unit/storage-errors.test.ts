import { describe, expect, it } from "vitest";
import { isFileSystemError, storageFailureOf } from "../../apps/api/src/http/upload-errors.ts";
import { ERROR_STATUS } from "../../apps/api/src/http/error-status.ts";

/** An error shaped as Node's fs raises it: errno code, syscall and the path in the message. */
const fsError = (code: string, syscall = "write") =>
  Object.assign(new Error(`${code}: failed, ${syscall} '/srv/ocrflow/files/.tmp/x.part'`), {
    code,
    syscall,
    path: "/srv/ocrflow/files/.tmp/x.part",
  });

describe("a storage write that fails during an upload", () => {
  it.each(["ENOSPC", "EDQUOT"])("answers %s (disk or quota full) with 507 INSUFFICIENT_STORAGE", (code) => {
    const failure = storageFailureOf(fsError(code));
    expect(failure.code).toBe("INSUFFICIENT_STORAGE");
    expect(ERROR_STATUS[failure.code]).toBe(507);
    expect(failure.retryable).toBe(true);
  });

  it.each(["EIO", "EROFS", "EACCES", "EMFILE"])("answers %s with STORAGE_FAILED, a 5xx naming only the errno code", (code) => {
    const failure = storageFailureOf(fsError(code, "open"));
    expect(failure.code).toBe("STORAGE_FAILED");
    expect(ERROR_STATUS[failure.code]).toBe(503);
    expect(failure.message).toContain(code);
  });

  it("never puts the path or the system message in what the client reads", () => {
    for (const code of ["ENOSPC", "EIO"]) {
      const failure = storageFailureOf(fsError(code));
      expect(failure.message).not.toMatch(/\/srv|\.part|failed/);
      expect(failure.details).toBeUndefined();
      expect(failure.cause).toMatchObject({ code });
    }
  });

  it("tells the file system's errors from a parser's (a client that went away)", () => {
    expect(isFileSystemError(fsError("ENOSPC"))).toBe(true);
    expect(isFileSystemError(new Error("Request aborted"))).toBe(false);
    expect(isFileSystemError(Object.assign(new Error("aborted"), { code: "ECONNRESET" }))).toBe(false);
    expect(isFileSystemError(undefined)).toBe(false);
  });
});
