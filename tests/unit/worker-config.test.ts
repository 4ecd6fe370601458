import { describe, expect, it } from "vitest";
import { loadWorkerConfig } from "../../apps/worker/src/config.ts";

describe("the worker's time limits from the environment", () => {
  it("defaults to 30 minutes a job, 5 minutes a page and 15 seconds of shutdown grace", () => {
    expect(loadWorkerConfig({})).toMatchObject({ JOB_TIMEOUT_MS: 1_800_000, PAGE_TIMEOUT_MS: 300_000, SHUTDOWN_GRACE_MS: 15_000 });
  });

  it("takes values in milliseconds", () => {
    expect(loadWorkerConfig({ JOB_TIMEOUT_MS: "60000", PAGE_TIMEOUT_MS: "20000" })).toMatchObject({
      JOB_TIMEOUT_MS: 60_000,
      PAGE_TIMEOUT_MS: 20_000,
    });
  });

  it("refuses a value that is not a whole number of milliseconds, naming the variable", () => {
    expect(() => loadWorkerConfig({ JOB_TIMEOUT_MS: "15m" })).toThrow(/JOB_TIMEOUT_MS/);
    expect(() => loadWorkerConfig({ PAGE_TIMEOUT_MS: "-1" })).toThrow(/PAGE_TIMEOUT_MS/);
  });

  it("refuses a shutdown grace the process could not honour before it is stopped", () => {
    expect(() => loadWorkerConfig({ SHUTDOWN_GRACE_MS: "60000" })).toThrow(/SHUTDOWN_GRACE_MS/);
  });
});

describe("the worker's OCR backend from the environment", () => {
  it("defaults to auto with the tesseract binary on PATH", () => {
    expect(loadWorkerConfig({})).toMatchObject({ OCR_ENGINE: "auto", TESSERACT_BINARY: "tesseract" });
  });

  it("takes the two backends by name and refuses anything else, naming the variable", () => {
    expect(loadWorkerConfig({ OCR_ENGINE: "tesseract-native" }).OCR_ENGINE).toBe("tesseract-native");
    expect(loadWorkerConfig({ OCR_ENGINE: "tesseract.js" }).OCR_ENGINE).toBe("tesseract.js");
    expect(() => loadWorkerConfig({ OCR_ENGINE: "tesseract" })).toThrow(/OCR_ENGINE/);
  });
});
