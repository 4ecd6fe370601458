import type { Category } from "./categories.ts";
import type { FoundIdentifier } from "./find-identifiers.ts";
import { type OwnerModel, scoreWithOwnerModel } from "./owner-classifier.ts";

/** The category, how sure (0-1), and the signals that decided it. */
export type Classification = { category: Category; confidence: number; signals: string[] };

type Rule = { category: Exclude<Category, "other">; weight: number; pattern: RegExp; signal: string };

// Words that mark a kind of document, in the languages ocrflow reads most. Titles weigh more than words any document may use.
const RULES: Rule[] = [
  { category: "invoice", weight: 3, pattern: /\b(?:invoice|rechnung|facture|factura|fattura|factuur)\b/i, signal: "word: invoice" },
  {
    category: "invoice",
    weight: 2,
    pattern: /\b(?:amount due|due date|payment terms|zahlbar bis|fällig|échéance|vencimiento|scadenza)/i,
    signal: "words: payment due",
  },
  { category: "invoice", weight: 1, pattern: /\b(?:vat|mwst|ust|tva|iva|btw|tax)\b/i, signal: "word: tax" },
  {
    category: "receipt",
    weight: 3,
    pattern: /\b(?:receipt|kassenbon|quittung|beleg|reçu|ticket de caisse|recibo|scontrino|bon|kassabon)\b/i,
    signal: "word: receipt",
  },
  {
    category: "receipt",
    weight: 2,
    pattern:
      /\b(?:cash|change|bar|rückgeld|espèces|rendu|efectivo|cambio|contanti|resto|card payment|kartenzahlung|thank you|vielen dank|merci)\b/i,
    signal: "words: till",
  },
  {
    category: "letter",
    weight: 3,
    pattern: /^(?:dear|sehr geehrte|liebe|madame|monsieur|estimad[oa]|gentile|geachte|beste)\b/im,
    signal: "salutation",
  },
  {
    category: "letter",
    weight: 3,
    pattern:
      /\b(?:yours sincerely|yours faithfully|kind regards|best regards|mit freundlichen grüßen|cordialement|veuillez agréer|atentamente|cordiali saluti|met vriendelijke groet)/i,
    signal: "closing",
  },
  {
    category: "contract",
    weight: 3,
    pattern: /\b(?:contract|agreement|vertrag|vereinbarung|contrat|contrato|contratto|overeenkomst)\b/i,
    signal: "word: contract",
  },
  {
    category: "contract",
    weight: 2,
    pattern: /\b(?:hereinafter|the parties|die parteien|les parties|las partes|signature|unterschrift|§\s?\d+|article \d+|clause)/i,
    signal: "words: parties, clauses",
  },
  {
    category: "bank_statement",
    weight: 3,
    pattern:
      /\b(?:bank statement|account statement|statement of account|kontoauszug|relevé de compte|extracto|estratto conto|rekeningafschrift)/i,
    signal: "words: account statement",
  },
  {
    category: "bank_statement",
    weight: 2,
    pattern: /\b(?:opening balance|closing balance|new balance|alter kontostand|neuer kontostand|anfangssaldo|endsaldo|solde|saldo)\b/i,
    signal: "words: balance",
  },
  {
    category: "identity_document",
    weight: 3,
    pattern:
      /\b(?:passport|reisepass|passeport|pasaporte|passaporto|identity card|personalausweis|carte d'identité|documento de identidad|aadhaar|driving licen[cs]e|führerschein)\b/i,
    signal: "words: identity document",
  },
  {
    category: "identity_document",
    weight: 2,
    pattern: /\b(?:date of birth|geburtsdatum|date de naissance|fecha de nacimiento|nationality|staatsangehörigkeit|nationalité)\b/i,
    signal: "words: date of birth, nationality",
  },
  {
    category: "form",
    weight: 3,
    pattern: /\b(?:application form|form|formular|antrag|formulaire|formulario|modulo)\b/i,
    signal: "word: form",
  },
  { category: "form", weight: 2, pattern: /(?:_{4,}|\[ \]|☐|\.{6,})/, signal: "blanks to fill in" },
  { category: "report", weight: 3, pattern: /\b(?:report|bericht|rapport|informe|relazione|verslag)\b/i, signal: "word: report" },
  {
    category: "report",
    weight: 2,
    pattern: /\b(?:summary|abstract|conclusion|introduction|zusammenfassung|fazit|résumé|conclusión|conclusione|samenvatting)\b/i,
    signal: "words: sections",
  },
];

export type ClassifyInput = {
  text: string;
  identifiers: readonly Pick<FoundIdentifier, "type" | "valid">[];
  hasTotal: boolean;
  /** The owner's corrections, when there are any (owner-classifier.ts). */
  ownerModel?: OwnerModel;
};

/**
 * Sorts a document into a category from the words that mark each kind, the
 * identifiers on it (an MRZ or Aadhaar number: identity document) and whether
 * it states a total, then lets the owner's corrections decide when this
 * document is close to ones the owner filed themselves.
 */
export function classifyCategory(input: ClassifyInput): Classification {
  const scores = new Map<Category, { score: number; signals: string[] }>();
  const add = (category: Category, weight: number, signal: string) => {
    const entry = scores.get(category) ?? { score: 0, signals: [] };
    entry.score += weight;
    entry.signals.push(signal);
    scores.set(category, entry);
  };
  const head = input.text.slice(0, 400);
  for (const rule of RULES) {
    if (!rule.pattern.test(input.text)) continue;
    // A title word near the top weighs more: "RECHNUNG" as a heading, not in a sentence.
    add(rule.category, rule.pattern.test(head) && rule.weight === 3 ? rule.weight + 1 : rule.weight, rule.signal);
  }
  const types = new Set(input.identifiers.map((identifier) => identifier.type));
  if (types.has("mrz")) add("identity_document", 5, "machine-readable zone");
  if (types.has("aadhaar") || types.has("pan")) add("identity_document", 2, "identity number");
  if (types.has("invoice_number")) add("invoice", 2, "invoice number");
  if (input.hasTotal) {
    add("invoice", 1, "states a total");
    add("receipt", 1, "states a total");
  }
  if (types.has("iban")) add("bank_statement", 1, "IBAN");

  const learned = input.ownerModel ? scoreWithOwnerModel(input.ownerModel, input.text) : null;
  if (learned) add(learned.category, learned.weight, learned.signal);

  const ranked = [...scores].sort((a, b) => b[1].score - a[1].score);
  const [best, second] = ranked;
  if (!best || best[1].score < 3) {
    return { category: "other", confidence: best ? 0.3 : 0.5, signals: best ? [`weak: ${best[1].signals.join(", ")}`] : ["no signal"] };
  }
  const total = ranked.reduce((sum, [, entry]) => sum + entry.score, 0);
  const lead = best[1].score - (second?.[1].score ?? 0);
  const confidence = Math.round(Math.min(0.99, 0.5 * (best[1].score / total) + 0.1 * lead) * 100) / 100;
  return { category: best[0], confidence: Math.max(confidence, 0.3), signals: best[1].signals };
}
