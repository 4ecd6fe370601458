import { type Found, foundAt, type PageLine } from "./page-lines.ts";

/** The name a document's header gives its sender (the vendor of an invoice or receipt). */
export type FoundSender = Found & { name: string };

// Header lines that name the kind of document, or are labels, rather than who sent it.
const NOT_A_NAME =
  /^(?:invoice|tax invoice|receipt|rechnung|quittung|kassenbon|beleg|facture|reçu|ticket|factura|recibo|fattura|scontrino|factuur|bon|statement|kontoauszug|relevé|extracto|contract|vertrag|contrat|contrato|page|seite|date|datum|to|an|à|bill to|ship to)\b/i;

/**
 * The first of the page's top lines that reads like a name: mostly letters,
 * not a document title or label, not an address line (starting with a
 * number), not a date, amount, email or phone line.
 */
export function findSender(lines: readonly PageLine[]): FoundSender | null {
  const firstPage = lines.filter((line) => line.page === lines[0]?.page).slice(0, 6);
  for (const line of firstPage) {
    const text = line.text.trim();
    const letters = text.replace(/[^\p{L}]/gu, "").length;
    if (letters < 3 || letters / text.replace(/\s/g, "").length < 0.6) continue;
    if (NOT_A_NAME.test(text) || /^\d/.test(text) || /@|https?:|www\./i.test(text)) continue;
    return { ...foundAt(line, 0, line.text.length), name: text.replace(/[\s,;:]+$/, "") };
  }
  return null;
}
