import { characterErrorRate, editDistance, normaliseWhitespace } from "../../tests/support/text-error-rate.ts";

export { characterErrorRate };

/** Word error rate: word-level edits to turn `actual` into `expected`, per expected word. */
export function wordErrorRate(expected: string, actual: string): number {
  const reference = normaliseWhitespace(expected).split(" ").filter(Boolean);
  const hypothesis = normaliseWhitespace(actual).split(" ").filter(Boolean);
  if (reference.length === 0) return hypothesis.length === 0 ? 0 : 1;
  // editDistance works on any indexable sequence: map each distinct word to one character.
  const codes = new Map<string, string>();
  const codeOf = (word: string) => {
    if (!codes.has(word)) codes.set(word, String.fromCharCode(0x4e00 + codes.size));
    return codes.get(word)!;
  };
  const encode = (words: string[]) => words.map(codeOf).join("");
  return editDistance(encode(reference), encode(hypothesis)) / reference.length;
}
