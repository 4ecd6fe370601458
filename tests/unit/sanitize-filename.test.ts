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

describe("upload file names that mislead a reader", () => {
  it("drops bidi overrides, zero-width and C1 control characters", () => {
    expect(sanitizeFilename("invoice\u202Egnp.exe")).toBe("invoicegnp.exe");
    expect(sanitizeFilename("a\u200Bb\u2066c\u2069\u0085.png")).toBe("abc.png");
  });

  it("keeps ordinary accented names and the mark of bytes that were not UTF-8", () => {
    expect(sanitizeFilename("résumé.png")).toBe("résumé.png");
    expect(sanitizeFilename("scan-\uFFFD.png")).toBe("scan-\uFFFD.png");
  });

  it("falls back when only dots or spaces are left", () => {
    expect(sanitizeFilename(" ... ")).toBe("upload");
  });
});
