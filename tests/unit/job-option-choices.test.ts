import { describe, expect, it } from "vitest";
import { z } from "zod";
import { choiceOptions } from "../../apps/api/src/capabilities/describe-capabilities.ts";
import { jobOptionsSchema } from "../../packages/shared/src/validators/index.ts";

describe("the job options a client can choose from", () => {
  it("lists every enum option of the job options schema with its default, and nothing else", () => {
    const shape = {
      ...jobOptionsSchema.shape,
      mode: z.enum(["document", "general", "figure"]).default("document"),
      resolution: z.enum(["tiny", "base"]).optional(),
    };
    expect(choiceOptions(shape)).toEqual({
      mode: { values: ["document", "general", "figure"], default: "document" },
      resolution: { values: ["tiny", "base"], default: null },
    });
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
