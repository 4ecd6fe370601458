/** What a section measured over several runs, and what went wrong on the way. */
export type Repeated<T> = {
  results: T[];
  /** One line per run that failed and was retried ("run 2 failed (fetch failed), retried"). */
  retries: string[];
};

/**
 * Runs `run` `count` times, one after another. A run that throws is retried
 * once; a second failure ends the section with that error, the first one is
 * kept in `retries` so the table says the numbers needed a second try.
 */
export async function repeatRuns<T>(
  count: number,
  run: (index: number) => Promise<T>,
  log: (message: string) => void,
): Promise<Repeated<T>> {
  const results: T[] = [];
  const retries: string[] = [];
  for (let index = 0; index < count; index += 1) {
    if (count > 1) log(`run ${index + 1} of ${count}`);
    try {
      results.push(await run(index));
    } catch (error) {
      const reason = describeError(error);
      log(`run ${index + 1} failed (${reason}), retrying once`);
      retries.push(`run ${index + 1} failed (${reason}), retried`);
      results.push(await run(index));
    }
  }
  return { results, retries };
}

/** An error's message with its causes (fetch's "fetch failed" hides the real one in `cause`). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current !== undefined && parts.length < 4; current = (current as { cause?: unknown }).cause) {
    if (current instanceof Error) {
      const code = (current as { code?: string }).code;
      parts.push(code ? `${current.message} [${code}]` : current.message);
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(": ");
}
