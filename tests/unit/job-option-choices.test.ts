import { describe, expect, it } from "vitest";
import { z } from "zod";
import { choiceOptions } from "../../apps/api/src/capabilities/describe-capabilities.ts";
import { jobOptionsSchema } from "../../packages/shared/src/validators/index.ts";

describe("the job options a client can choose from", () => {
  it("lists every enum and yes/no option of the job options schema with its default", () => {
    const shape = {
      ...jobOptionsSchema.shape,
      mode: z.enum(["document", "general", "figure"]).default("document"),
      resolution: z.enum(["tiny", "base"]).optional(),
      strict: z.union([z.boolean(), z.enum(["true", "false"])]).default(true),
    };
    const choices = choiceOptions(shape);
    expect(choices.mode).toEqual({ values: ["document", "general", "figure"], default: "document" });
    expect(choices.resolution).toEqual({ values: ["tiny", "base"], default: null });
    expect(choices.strict).toEqual({ values: ["false", "true"], default: "true" });
  });

  it("offers only values the submit routes accept, and leaves free values (languages, priority, webhookUrl) out", () => {
    const choices = choiceOptions();
    for (const [name, { values }] of Object.entries(choices)) {
      for (const value of values) expect(jobOptionsSchema.safeParse({ [name]: value }).success, `${name}=${value}`).toBe(true);
    }
    expect(Object.keys(choices)).not.toContain("languages");
    expect(Object.keys(choices)).not.toContain("priority");
    expect(Object.keys(choices)).not.toContain("webhookUrl");
  });
});
