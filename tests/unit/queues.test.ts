import { describe, expect, it } from "vitest";
import { bullPriorityOf, ocrJobOptions, priorityNameOf } from "../../packages/shared/src/queues.ts";

describe("priority routing", () => {
  it("sends 7-10 to high, 4-6 to normal and 0-3 to low", () => {
    expect([10, 7].map(priorityNameOf)).toEqual(["high", "high"]);
    expect([6, 4].map(priorityNameOf)).toEqual(["normal", "normal"]);
    expect([3, 0].map(priorityNameOf)).toEqual(["low", "low"]);
  });

  it("orders more urgent jobs first within a queue (BullMQ runs lower numbers first, never 0)", () => {
    expect(bullPriorityOf(10)).toBeLessThan(bullPriorityOf(9));
    expect(bullPriorityOf(0)).toBeGreaterThan(0);
  });

  it("uses the job's own id as the queue job id, with bounded retention", () => {
    const options = ocrJobOptions("abc", 5, 3);
    expect(options).toMatchObject({ jobId: "abc", attempts: 3, backoff: { type: "exponential" } });
    expect(options.removeOnComplete.count).toBeGreaterThan(0);
  });
});
