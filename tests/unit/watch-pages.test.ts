import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { untilAborted } from "../../apps/worker/src/job-loop/until-aborted.ts";
import { watchPages } from "../../apps/worker/src/jobs/watch-pages.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the per-page time limit", () => {
  it("aborts with a retryable OCR_FAILED naming the page that overran", () => {
    const watch = watchPages(new AbortController().signal, 1_000);
    watch.pageDone(2);
    vi.advanceTimersByTime(999);
    expect(watch.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(watch.signal.reason).toMatchObject({ code: "OCR_FAILED", retryable: true, message: expect.stringContaining("Page 2") });
  });

  it("restarts its clock each time a page is done", () => {
    const watch = watchPages(new AbortController().signal, 1_000);
    for (let page = 2; page <= 5; page += 1) {
      vi.advanceTimersByTime(900);
      watch.pageDone(page);
    }
    expect(watch.signal.aborted).toBe(false);
    watch.stop();
    vi.advanceTimersByTime(10_000);
    expect(watch.signal.aborted).toBe(false);
  });

  it("aborts with the attempt's own reason when the attempt is aborted", () => {
    const attempt = new AbortController();
    const watch = watchPages(attempt.signal, 1_000);
    const reason = new Error("cancelled");
    attempt.abort(reason);
    expect(watch.signal.reason).toBe(reason);
  });
});

describe("waiting for work until an abort", () => {
  it("rejects with the abort reason while the work is still running", async () => {
    const controller = new AbortController();
    const pending = untilAborted(new Promise<never>(() => undefined), controller.signal);
    const reason = new Error("time is up");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("settles like the work when no abort comes", async () => {
    await expect(untilAborted(Promise.resolve(42), new AbortController().signal)).resolves.toBe(42);
  });

  it("leaves no unhandled rejection when the work fails after the abort", async () => {
    const controller = new AbortController();
    let fail: (error: Error) => void = () => undefined;
    const work = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const pending = untilAborted(work, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    fail(new Error("late page failure"));
    await vi.runAllTimersAsync();
    process.off("unhandledRejection", unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
