import type { OcrEngine } from "../../apps/worker/src/ocr/types.ts";

/**
 * Watches (and can disturb) the OCR engine a test worker uses: counts page
 * recognitions and runs `before(call)` ahead of each, which may wait, throw
 * or hang, as a slow, failing or stuck engine would.
 */
export class EngineProbe {
  /** Recognitions asked for since the last reset. */
  calls = 0;
  /** Recognitions that reached the real engine and returned. */
  recognized = 0;
  before?: (call: number) => Promise<void> | void;

  readonly wrap = (engine: OcrEngine): OcrEngine => ({
    concurrency: engine.concurrency,
    warmUp: (languages) => engine.warmUp(languages),
    modelIdentity: (languages) => engine.modelIdentity(languages),
    terminate: () => engine.terminate(),
    recognize: async (image, languages) => {
      this.calls += 1;
      await this.before?.(this.calls);
      const result = await engine.recognize(image, languages);
      this.recognized += 1;
      return result;
    },
  });

  reset(before?: (call: number) => Promise<void> | void): void {
    this.calls = 0;
    this.recognized = 0;
    this.before = before;
  }
}

/** A promise that never settles: an engine call stuck for good. */
export const forever = (): Promise<never> => new Promise<never>(() => undefined);

/**
 * A page held until the test lets it go, so the test acts while a job is
 * certainly processing: `probe.reset((call) => (call === 2 ? held.wait() : undefined))`,
 * then `held.release()`.
 */
export function heldPage(): { wait: () => Promise<void>; release: () => void } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { wait: () => released, release };
}
