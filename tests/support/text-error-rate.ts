/** Collapses every run of whitespace (newlines, form feeds) to one space, so layout does not count. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Levenshtein distance over UTF-16 code units, two rows of dynamic programming. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Character error rate: edits needed to turn `actual` into `expected`, per expected character. */
export function characterErrorRate(expected: string, actual: string): number {
  const reference = normaliseWhitespace(expected);
  const hypothesis = normaliseWhitespace(actual);
  if (reference.length === 0) return hypothesis.length === 0 ? 0 : 1;
  return editDistance(reference, hypothesis) / reference.length;
}
