import { type Found, foundAt, type PageLine } from "./page-lines.ts";

/** An amount of money as found: its value, its ISO 4217 currency when written (or the document's), and where. */
export type FoundAmount = Found & { value: number; currency: string | null };

const CURRENCY_SYMBOLS: Record<string, string> = { "€": "EUR", $: "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "Fr.": "CHF", CHF: "CHF" };
const CURRENCY_CODES = ["EUR", "USD", "GBP", "CHF", "JPY", "INR", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK"];
const CURRENCY = `(?:[€$£¥₹]|${CURRENCY_CODES.join("|")}|Fr\\.)`;
// A number with optional thousands separators (. , space or ') and exactly two decimals.
const NUMBER = String.raw`-?\d{1,3}(?:[.,' ]\d{3})*[.,]\d{2}|-?\d+[.,]\d{2}`;
const WITH_CURRENCY = new RegExp(`(${CURRENCY})\\s?(${NUMBER})(?!\\d)|(?<![\\d.,])(${NUMBER})\\s?(${CURRENCY})`, "g");
const BARE = new RegExp(`(?<![\\d.,])(${NUMBER})(?![\\d.,]*\\d)`, "g");

// Labels of the amount the document asks for or states as its total; sub-totals and tax lines are not.
const TOTAL_LABEL =
  /\b(?:grand total|total due|amount due|balance due|total|amount payable|rounded|gesamtbetrag|gesamtsumme|endbetrag|rechnungsbetrag|zu zahlen|summe|total ttc|net à payer|montant dû|montant total|importe total|total a pagar|totale|da pagare|te betalen|totaal|bedrag)(?![a-z])/i;
const NOT_TOTAL_LABEL = /\b(?:sub-?total|zwischensumme|sous-total|subtotal|netto|net amount|tax|vat|mwst|ust|tva|iva|btw|total ht)\b/i;

/** A printed number as a value: the last `.` or `,` followed by two digits is the decimal point. */
export function parseAmount(text: string): number {
  const compact = text.replace(/[\s']/g, "");
  const decimal = compact.length - 3;
  const integer = compact.slice(0, decimal).replace(/[.,]/g, "");
  return Number(`${integer}.${compact.slice(decimal + 1)}`);
}

function currencyOf(symbol: string | undefined): string | null {
  if (!symbol) return null;
  return CURRENCY_SYMBOLS[symbol] ?? symbol.toUpperCase();
}

function amountsOnLine(line: PageLine, bare: boolean): FoundAmount[] {
  const found: FoundAmount[] = [];
  for (const match of line.text.matchAll(WITH_CURRENCY)) {
    const start = match.index ?? 0;
    found.push({
      ...foundAt(line, start, start + match[0].length),
      value: parseAmount(match[2] ?? match[3]!),
      currency: currencyOf(match[1] ?? match[4]),
    });
  }
  if (found.length > 0 || !bare) return found;
  for (const match of line.text.matchAll(BARE)) {
    const start = match.index ?? 0;
    found.push({ ...foundAt(line, start, start + match[0].length), value: parseAmount(match[1]!), currency: null });
  }
  return found;
}

export type Amounts = { amounts: FoundAmount[]; total: FoundAmount | null; currency: string | null };

/**
 * The document's amounts (with a currency sign or code, or bare on a total
 * line), its main currency (the most written one), and its total: the amount
 * on the last line labelled as a total (grand total, amount due, Gesamtbetrag,
 * rounding lines...) that is not a sub-total or tax line.
 */
export function findAmounts(lines: readonly PageLine[]): Amounts {
  const amounts: FoundAmount[] = [];
  let total: FoundAmount | null = null;
  for (const line of lines) {
    const isTotal = TOTAL_LABEL.test(line.text) && !NOT_TOTAL_LABEL.test(line.text);
    const found = amountsOnLine(line, isTotal);
    amounts.push(...found);
    if (isTotal && found.length > 0) total = found[found.length - 1]!;
  }
  const counts = new Map<string, number>();
  for (const amount of amounts) if (amount.currency) counts.set(amount.currency, (counts.get(amount.currency) ?? 0) + 1);
  const currency = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const withCurrency = amounts.map((amount) => ({ ...amount, currency: amount.currency ?? currency }));
  const totalWithCurrency = total ? { ...total, currency: total.currency ?? currency } : null;
  return { amounts: withCurrency, total: totalWithCurrency, currency };
}
