import { describe, expect, it } from "vitest";
import { sanitizeFilename } from "../../apps/api/src/documents/sanitize-filename.ts";

describe("upload file names", () => {
  it("drops directories, whichever separator", () => {
    expect(sanitizeFilename("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFilename("C:\\scans\\page.png")).toBe("page.png");
  });

  it("drops control characters and falls back when nothing is left", () => {
    expect(sanitizeFilename("a\u0000b\nc.png")).toBe("abc.png");
    expect(sanitizeFilename("..")).toBe("upload");
    expect(sanitizeFilename(undefined)).toBe("upload");
  });

  it("bounds the length in characters", () => {
    expect([...sanitizeFilename("é".repeat(1000))]).toHaveLength(255);
  });
});
