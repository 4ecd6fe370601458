import { describe, expect, it } from "vitest";
import { jobOptionsSchema, submitJobBodySchema } from "../../packages/shared/src/validators/index.ts";

describe("job options", () => {
  it("defaults to English at normal priority, a document page at base resolution, its own text layer where usable, identifiers masked", () => {
    expect(jobOptionsSchema.parse({})).toEqual({
      languages: ["eng"],
      priority: 5,
      mode: "document",
      resolution: "base",
      textLayer: "auto",
      revealIdentifiers: false,
    });
  });

  it("takes the reading options by name, and revealIdentifiers as a boolean or a form field's true/false", () => {
    const options = { mode: "figure", resolution: "gundam", textLayer: "ocr", revealIdentifiers: "true" };
    expect(jobOptionsSchema.parse(options)).toMatchObject({ ...options, revealIdentifiers: true });
    expect(jobOptionsSchema.parse({ revealIdentifiers: false }).revealIdentifiers).toBe(false);
  });

  it.each([
    ["mode", "poster", '"document"|"general"|"figure"|"handwritten"'],
    ["resolution", "huge", '"tiny"|"small"|"base"|"large"|"gundam"'],
    ["textLayer", "pdf", '"auto"|"ocr"|"embedded"'],
  ])("refuses an unknown %s, listing the allowed values", (field, value, allowed) => {
    const parsed = jobOptionsSchema.safeParse({ [field]: value });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: [field] });
    expect(parsed.error?.issues[0]?.message).toContain(allowed);
  });

  it("refuses a revealIdentifiers that is not a yes or no", () => {
    expect(jobOptionsSchema.safeParse({ revealIdentifiers: "yes" }).success).toBe(false);
  });

  it("takes languages as an array or a +-joined string, without repeats", () => {
    expect(jobOptionsSchema.parse({ languages: ["eng", "fra"] }).languages).toEqual(["eng", "fra"]);
    expect(jobOptionsSchema.parse({ languages: "eng+fra+eng" }).languages).toEqual(["eng", "fra"]);
  });

  it("refuses language codes that are not tesseract codes", () => {
    for (const languages of ["", "en", "../eng", ["eng", "f r a"], []]) {
      expect(jobOptionsSchema.safeParse({ languages }).success, JSON.stringify(languages)).toBe(false);
    }
  });

  it("maps named priorities to 0-10 and keeps integers, also as form strings", () => {
    expect(jobOptionsSchema.parse({ priority: "high" }).priority).toBe(8);
    expect(jobOptionsSchema.parse({ priority: "low" }).priority).toBe(2);
    expect(jobOptionsSchema.parse({ priority: 10 }).priority).toBe(10);
    expect(jobOptionsSchema.parse({ priority: "0" }).priority).toBe(0);
  });

  it("refuses priorities outside 0-10 or unnamed", () => {
    for (const priority of [11, -1, 2.5, "urgent", "11", true]) {
      expect(jobOptionsSchema.safeParse({ priority }).success, String(priority)).toBe(false);
    }
  });

  it("accepts only http and https webhook URLs", () => {
    expect(jobOptionsSchema.parse({ webhookUrl: "https://example.com/hook" }).webhookUrl).toBe("https://example.com/hook");
    expect(jobOptionsSchema.safeParse({ webhookUrl: "ftp://example.com" }).success).toBe(false);
    expect(jobOptionsSchema.safeParse({ webhookUrl: "not a url" }).success).toBe(false);
  });

  it("refuses unknown fields in a JSON submit", () => {
    expect(submitJobBodySchema.safeParse({ documentId: "00000000-0000-4000-8000-000000000000", colour: "red" }).success).toBe(false);
  });
});
