import { type CountryCode, findPhoneNumbersInText } from "libphonenumber-js/max";
import { isValidEuVat, VAT_PREFIXES } from "./checksums/eu-vat.ts";
import { isValidIban } from "./checksums/iban-mod97.ts";
import { checkMrz } from "./checksums/icao-mrz.ts";
import { passesLuhn } from "./checksums/luhn.ts";
import { passesVerhoeff } from "./checksums/verhoeff.ts";
import type { IdentifierType } from "./identifier-types.ts";
import { type Box, foundAt, type PageLine } from "./page-lines.ts";

export { IDENTIFIER_TYPES, type IdentifierType, SENSITIVE_TYPES } from "./identifier-types.ts";

/**
 * An identifier as found. `valid`: its checksum holds (null for types without
 * one). `spans`: where on which lines it was read, for masking.
 */
export type FoundIdentifier = {
  type: IdentifierType;
  value: string;
  valid: boolean | null;
  page: number;
  box: Box | null;
  spans: { line: PageLine; start: number; end: number }[];
};

type Candidate = { type: IdentifierType; value: string; valid: boolean | null; start: number; end: number };

const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
const CARD = /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g;
const VAT = new RegExp(`\\b(?:${VAT_PREFIXES.join("|")}) ?[0-9A-Z][0-9A-Z .]{6,14}[0-9A-Z]\\b`, "g");
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"']+[^\s<>"'.,;:)]/gi;
const PAN = /\b[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]\b/g;
const AADHAAR = /(?<!\d ?)[2-9]\d{3} ?\d{4} ?\d{4}(?! ?\d)/g;
const INVOICE_NUMBER =
  /\b(?:invoice|receipt|bill|rechnung|beleg|quittung|facture|reçu|recu|factura|recibo|fattura|ricevuta|factuur)(?:[ -]?(?:no\.?|nr\.?|n°|nº|num(?:ber|éro|ero)?\.?|nummer|#))[ :#]*([A-Z0-9][A-Z0-9/-]{2,})/gi;
const CARD_PREFIX = /^(4|5[1-5]|2[2-7]|3[47]|6)/;

function matchesOf(pattern: RegExp, text: string): RegExpMatchArray[] {
  return [...text.matchAll(pattern)];
}

/** Candidates on one line, in priority order: a span taken by one type is not read again as another. */
function lineCandidates(text: string, country: CountryCode | undefined): Candidate[] {
  const found: Candidate[] = [];
  const at = (match: RegExpMatchArray) => ({ start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
  for (const match of matchesOf(IBAN, text)) {
    found.push({ type: "iban", value: match[0].replace(/\s/g, ""), valid: isValidIban(match[0]), ...at(match) });
  }
  for (const match of matchesOf(EMAIL, text)) found.push({ type: "email", value: match[0], valid: null, ...at(match) });
  for (const match of matchesOf(URL, text)) found.push({ type: "url", value: match[0], valid: null, ...at(match) });
  for (const match of matchesOf(CARD, text)) {
    const digits = match[0].replace(/\D/g, "");
    if (digits.length < 13 || digits.length > 19 || !CARD_PREFIX.test(digits)) continue;
    const valid = passesLuhn(digits);
    // An ungrouped digit run that fails Luhn is some other number, not a card.
    if (!valid && !/\d{4}[ -]\d{4}/.test(match[0])) continue;
    found.push({ type: "card", value: digits, valid, ...at(match) });
  }
  for (const match of matchesOf(AADHAAR, text)) {
    found.push({ type: "aadhaar", value: match[0].replace(/\s/g, ""), valid: passesVerhoeff(match[0]), ...at(match) });
  }
  for (const match of matchesOf(VAT, text)) {
    const value = match[0].replace(/[\s.]/g, "");
    found.push({ type: "vat", value, valid: isValidEuVat(value), ...at(match) });
  }
  for (const match of matchesOf(PAN, text)) found.push({ type: "pan", value: match[0], valid: true, ...at(match) });
  for (const match of matchesOf(INVOICE_NUMBER, text)) {
    const number = match[1]!;
    const start = (match.index ?? 0) + match[0].length - number.length;
    found.push({ type: "invoice_number", value: number, valid: null, start, end: start + number.length });
  }
  for (const phone of findPhoneNumbersInText(text, { defaultCountry: country })) {
    found.push({ type: "phone", value: phone.number.number, valid: phone.number.isValid(), start: phone.startsAt, end: phone.endsAt });
  }
  const kept: Candidate[] = [];
  for (const candidate of found) {
    if (kept.some((other) => candidate.start < other.end && candidate.end > other.start)) continue;
    kept.push(candidate);
  }
  return kept;
}

// MRZ lines: only capitals, digits and '<' fillers, 30 (TD1) or 44 (TD3) long once OCR's spaces are gone.
const MRZ_LINE = /^[A-Z0-9<]{30}$|^[A-Z0-9<]{44}$/;

function findMrz(lines: readonly PageLine[]): FoundIdentifier[] {
  const found: FoundIdentifier[] = [];
  const compact = lines.map((line) => line.text.replace(/\s/g, ""));
  for (let index = 0; index < lines.length; index += 1) {
    for (const size of [2, 3]) {
      const group = compact.slice(index, index + size);
      if (group.length !== size || !group.every((line) => MRZ_LINE.test(line) && line.includes("<"))) continue;
      const check = checkMrz(group);
      if (!check) continue;
      const groupLines = lines.slice(index, index + size);
      found.push({
        type: "mrz",
        value: group.join("\n"),
        valid: check.valid,
        page: groupLines[0]!.page,
        box: unionBoxes(groupLines.map((line) => foundAt(line, 0, line.text.length).box)),
        spans: groupLines.map((line) => ({ line, start: 0, end: line.text.length })),
      });
      index += size - 1;
      break;
    }
  }
  return found;
}

function unionBoxes(boxes: (Box | null)[]): Box | null {
  const present = boxes.filter((box): box is Box => box !== null);
  if (present.length === 0) return null;
  return {
    x0: Math.min(...present.map((box) => box.x0)),
    y0: Math.min(...present.map((box) => box.y0)),
    x1: Math.max(...present.map((box) => box.x1)),
    y1: Math.max(...present.map((box) => box.y1)),
  };
}

/**
 * Every identifier on a page's lines. `country`: where phone numbers written
 * without a country code are read as local (from the document's language).
 */
export function findIdentifiers(lines: readonly PageLine[], country?: CountryCode): FoundIdentifier[] {
  const mrz = findMrz(lines);
  const mrzLines = new Set(mrz.flatMap((found) => found.spans.map((span) => span.line)));
  const found: FoundIdentifier[] = [...mrz];
  for (const line of lines) {
    if (mrzLines.has(line)) continue;
    for (const candidate of lineCandidates(line.text, country)) {
      const { start, end, ...identifier } = candidate;
      found.push({ ...identifier, page: line.page, box: foundAt(line, start, end).box, spans: [{ line, start, end }] });
    }
  }
  return found;
}
