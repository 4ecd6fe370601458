import { MONTH_NUMBERS, MONTH_PATTERN } from "./month-names.ts";
import { type Found, foundAt, type PageLine } from "./page-lines.ts";

/** A date as found: ISO 8601 (YYYY-MM-DD), the text it came from, where, and whether it is the document's own date. */
export type FoundDate = Found & { date: string; documentDate: boolean };

// Languages that write numeric dates month first (US English); the rest put the day first.
const MONTH_FIRST_LANGUAGES = new Set(["eng"]);

const ISO = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g;
const NUMERIC = /\b(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\b/g;
const DAY_MONTH_NAME = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er|\\.)?(?: de)? (${MONTH_PATTERN})\\.?,?(?: de)? (\\d{4})\\b`, "giu");
const MONTH_NAME_DAY = new RegExp(`\\b(${MONTH_PATTERN})\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})\\b`, "giu");

// A label before a date that makes it the document's date: issue, invoice, letter or receipt date, or a bare "Date".
const DOCUMENT_DATE_LABEL =
  /(?:^|\b)(?:date|dated|invoice date|issue date|issued|datum|rechnungsdatum|belegdatum|ausstellungsdatum|date de facture|date d'émission|fecha|fecha de emisión|data|data fattura|factuurdatum)\b[\s:]*$/i;
const NOT_DOCUMENT_DATE_LABEL =
  /\b(?:due|payable|fällig|zahlbar|échéance|vencimiento|scadenza|vervaldatum|delivery|lieferdatum|livraison|period|zeitraum|période|from|to|bis|von|birth|geburt|naissance|expiry|expires|valid)\b/i;

type RawDate = { line: PageLine; start: number; end: number; year: number; a: number; b: number; order: "ymd" | "numeric" | "named" };

function fullYear(year: string): number {
  const value = Number(year);
  if (year.length === 4) return value;
  // Two-digit years: 00-69 are 2000s, 70-99 1900s (POSIX strptime's pivot).
  return value < 70 ? 2000 + value : 1900 + value;
}

function rawDatesOf(line: PageLine): RawDate[] {
  const found: RawDate[] = [];
  const taken = (start: number, end: number) => found.some((other) => start < other.end && end > other.start);
  const add = (match: RegExpMatchArray, fields: Omit<RawDate, "line" | "start" | "end">) => {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (!taken(start, end)) found.push({ line, start, end, ...fields });
  };
  for (const match of line.text.matchAll(ISO))
    add(match, { year: Number(match[1]), a: Number(match[2]), b: Number(match[3]), order: "ymd" });
  for (const match of line.text.matchAll(DAY_MONTH_NAME)) {
    add(match, { year: Number(match[3]), a: MONTH_NUMBERS.get(match[2]!.toLowerCase()) ?? 0, b: Number(match[1]), order: "named" });
  }
  for (const match of line.text.matchAll(MONTH_NAME_DAY)) {
    add(match, { year: Number(match[3]), a: MONTH_NUMBERS.get(match[1]!.toLowerCase()) ?? 0, b: Number(match[2]), order: "named" });
  }
  for (const match of line.text.matchAll(NUMERIC)) {
    add(match, { year: fullYear(match[4]!), a: Number(match[1]), b: Number(match[3]), order: "numeric" });
  }
  return found.sort((x, y) => x.start - y.start);
}

function isoOf(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Whether the document's numeric dates put the day first: a date that only
 * parses one way (13/02 or 02/13) decides, otherwise the language does.
 */
export function decideDayFirst(raw: readonly Pick<RawDate, "a" | "b" | "order">[], language: string): boolean {
  const numeric = raw.filter((date) => date.order === "numeric");
  const dayFirst = numeric.filter((date) => date.a > 12 && date.b <= 12).length;
  const monthFirst = numeric.filter((date) => date.b > 12 && date.a <= 12).length;
  if (dayFirst !== monthFirst) return dayFirst > monthFirst;
  return !MONTH_FIRST_LANGUAGES.has(language);
}

/**
 * Every date on the document's lines, as ISO 8601. One is marked as the
 * document's date: the first with a date label (invoice date, Datum...) that
 * is not a due or delivery date, else the first date of the document that is not.
 */
export function findDates(lines: readonly PageLine[], language: string): { dates: FoundDate[]; dayFirst: boolean } {
  const raw = lines.flatMap(rawDatesOf);
  const dayFirst = decideDayFirst(raw, language);
  const dates: (FoundDate & { label: string })[] = [];
  for (const date of raw) {
    const [month, day] = date.order === "ymd" || date.order === "named" ? [date.a, date.b] : dayFirst ? [date.b, date.a] : [date.a, date.b];
    const iso = isoOf(date.year, month, day);
    if (!iso) continue;
    dates.push({ ...foundAt(date.line, date.start, date.end), date: iso, documentDate: false, label: date.line.text.slice(0, date.start) });
  }
  const labelled = dates.find((date) => DOCUMENT_DATE_LABEL.test(date.label) && !NOT_DOCUMENT_DATE_LABEL.test(date.label));
  const chosen = labelled ?? dates.find((date) => !NOT_DOCUMENT_DATE_LABEL.test(date.label));
  if (chosen) chosen.documentDate = true;
  return { dates: dates.map(({ label: _label, ...date }) => date), dayFirst };
}
