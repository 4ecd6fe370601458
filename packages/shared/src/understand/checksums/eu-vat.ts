import { passesLuhn } from "./luhn.ts";

// The shapes of EU VAT numbers (VIES), by country prefix; Greece uses EL.
const VAT_SHAPES: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[0-9A-Z]\d{7}[0-9A-Z]$/,
  FI: /^\d{8}$/,
  FR: /^[0-9A-Z]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^\d[0-9A-Z+*]\d{5}[A-Z]{1,2}$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
};

export const VAT_PREFIXES = Object.keys(VAT_SHAPES);

/** ISO 7064 mod 11,10, Germany's check digit. */
function germanCheck(digits: string): boolean {
  let product = 10;
  for (const digit of digits.slice(0, 8)) {
    let sum = (Number(digit) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10 === Number(digits[8]);
}

/**
 * True when `vat` (country prefix and number, spaces and dots allowed) has its
 * country's shape, and its check digit holds where ocrflow knows it (BE, DE, FR, IT).
 */
export function isValidEuVat(vat: string): boolean {
  const compact = vat.replace(/[\s.-]/g, "").toUpperCase();
  const country = compact.slice(0, 2);
  const number = compact.slice(2);
  const shape = VAT_SHAPES[country];
  if (!shape?.test(number)) return false;
  if (country === "BE") return 97 - (Number(number.slice(0, 8)) % 97) === Number(number.slice(8));
  if (country === "DE") return germanCheck(number);
  if (country === "IT") return passesLuhn(number);
  if (country === "FR" && /^\d{2}$/.test(number.slice(0, 2))) {
    return Number(number.slice(0, 2)) === (12 + 3 * (Number(number.slice(2)) % 97)) % 97;
  }
  return true;
}
