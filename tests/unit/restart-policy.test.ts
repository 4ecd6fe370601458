import { describe, expect, it } from "vitest";
import {
  CRASH_LOOP_EXITS,
  countExitsInARow,
  describeExit,
  HEALTHY_RUN_MS,
  isCrashLoop,
  restartDelayMs,
} from "../../scripts/lib/restart-policy.ts";

describe("when pnpm start restarts a child that exited unasked", () => {
  it("waits 1 s, then twice as long after each exit in a row, at most 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(restartDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it("counts exits in a row until a run lasts long enough to call the child healthy", () => {
    let exits = 0;
    for (const runMs of [2_000, 500, 59_999]) exits = countExitsInARow(exits, runMs);
    expect(exits).toBe(3);
    expect(countExitsInARow(exits, HEALTHY_RUN_MS)).toBe(1);
  });

  it("gives up at the fifth exit in a row, not before", () => {
    expect(CRASH_LOOP_EXITS).toBe(5);
    expect(isCrashLoop(4)).toBe(false);
    expect(isCrashLoop(5)).toBe(true);
  });

  it("keeps restarting a child that dies now and then after healthy runs, with the first delay each time", () => {
    let exits = 0;
    for (let crash = 0; crash < 20; crash += 1) {
      exits = countExitsInARow(exits, 10 * 60_000);
      expect(isCrashLoop(exits)).toBe(false);
      expect(restartDelayMs(exits)).toBe(1_000);
    }
  });

  it("names an exit by its signal when it has one, else by its code", () => {
    expect(describeExit(null, "SIGKILL")).toBe("signal SIGKILL");
    expect(describeExit(1, null)).toBe("exit code 1");
  });
});
