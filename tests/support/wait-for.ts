/** Polls until `check` is truthy; fails with `what` (worked out then, when given as a function) after the deadline. */
export async function waitFor<T>(
  what: string | (() => string),
  check: () => Promise<T> | T,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, undefined | null | false>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
