import { describe, expect, it } from "vitest";
import { characterErrorRate, editDistance } from "../support/text-error-rate.ts";

describe("characterErrorRate", () => {
  it("is 0 when texts differ only in whitespace and line breaks", () => {
    expect(characterErrorRate("one two\nthree", "one  two\n\nthree\f")).toBe(0);
  });

  it("counts substitutions, insertions and deletions per expected character", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(characterErrorRate("abcd", "abxd")).toBe(0.25);
    expect(characterErrorRate("abcd", "")).toBe(1);
  });
});
