import { describe, expect, it } from "vitest";
import { preferredWaitSeconds } from "../../apps/api/src/http/prefer-wait.ts";

describe("preferredWaitSeconds", () => {
  it("reads wait=N among other preferences, in any case, quoted or not, and from repeated headers", () => {
    expect(preferredWaitSeconds("wait=10")).toBe(10);
    expect(preferredWaitSeconds("respond-async, wait=5")).toBe(5);
    expect(preferredWaitSeconds('Wait="7"')).toBe(7);
    expect(preferredWaitSeconds(["return=minimal", "wait=3"])).toBe(3);
    expect(preferredWaitSeconds("wait=0")).toBe(0);
  });

  it("cuts a longer wait to 60 seconds", () => {
    expect(preferredWaitSeconds("wait=61")).toBe(60);
    expect(preferredWaitSeconds("wait=999999999")).toBe(60);
  });

  it("takes only the first wait, as RFC 7240 says of a preference given twice", () => {
    expect(preferredWaitSeconds("wait=2, wait=9")).toBe(2);
    expect(preferredWaitSeconds("wait=x, wait=9")).toBeUndefined();
  });

  it("ignores a missing or malformed wait", () => {
    for (const header of [undefined, "", "respond-async", "wait", "wait=", "wait=-1", "wait=1.5", "wait=soon", "wait=1e3", "waiting=5"]) {
      expect(preferredWaitSeconds(header)).toBeUndefined();
    }
  });
});
