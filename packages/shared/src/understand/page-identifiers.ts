import { detectLanguage } from "./detect-language.ts";
import { findIdentifiers, SENSITIVE_TYPES } from "./find-identifiers.ts";
import { maskPage, maskValue } from "./mask-identifiers.ts";
import { type Box, linesOf, type UnderstandWord } from "./page-lines.ts";
import { phoneCountryOf } from "./phone-country.ts";
import type { IdentifierType } from "./find-identifiers.ts";

/** An identifier as the result gives it: `value` masked for cards, Aadhaar and MRZ unless the job asked to reveal them. */
export type ResultIdentifier = {
  type: IdentifierType;
  value: string;
  valid: boolean | null;
  masked: boolean;
  page: number;
  box: Box | null;
};

type ReadPage = { page: number; text: string; words: UnderstandWord[]; hocr: string };

/**
 * Finds a freshly read page's identifiers and, unless `reveal`, masks the
 * sensitive ones in the page itself, before it is stored: checksums are taken
 * on the real digits here, and nothing stored afterwards holds them.
 */
export function readPageIdentifiers<T extends ReadPage>(page: T, reveal: boolean): { page: T; identifiers: ResultIdentifier[] } {
  const lines = linesOf(page);
  const found = findIdentifiers(lines, phoneCountryOf(detectLanguage(page.text).code));
  const identifiers = found.map(({ type, value, valid, page: number, box }) => {
    const masked = !reveal && SENSITIVE_TYPES.has(type);
    return { type, value: masked ? maskValue(type, value) : value, valid, masked, page: number, box };
  });
  return { page: reveal ? page : maskPage(page, found), identifiers };
}
