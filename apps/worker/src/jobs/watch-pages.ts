import { OcrflowError } from "@ocrflow/shared/errors";

export interface PageWatch {
  /** Aborts with the attempt's own reason, or with a retryable OCR_FAILED when a page overruns. */
  signal: AbortSignal;
  /** A page finished: the clock restarts for `nextPage`. */
  pageDone(nextPage: number): void;
  stop(): void;
}

/**
 * A per-page time limit on top of the attempt's signal: a page that hangs
 * (a stuck engine call) fails the attempt as retryable after `pageTimeoutMs`
 * instead of holding its slot until the job's own time limit.
 */
export function watchPages(attemptSignal: AbortSignal, pageTimeoutMs: number, firstPage = 1): PageWatch {
  const controller = new AbortController();
  const onAttemptAbort = () => controller.abort(attemptSignal.reason);
  if (attemptSignal.aborted) onAttemptAbort();
  else attemptSignal.addEventListener("abort", onAttemptAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const arm = (page: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const message = `Page ${page} did not finish within ${pageTimeoutMs} ms`;
      controller.abort(new OcrflowError("OCR_FAILED", message, { retryable: true }));
    }, pageTimeoutMs);
  };
  arm(firstPage);
  return {
    signal: controller.signal,
    pageDone: arm,
    stop() {
      clearTimeout(timer);
      attemptSignal.removeEventListener("abort", onAttemptAbort);
    },
  };
}
