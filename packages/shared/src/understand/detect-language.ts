import { francAll } from "franc-min";

/** The document's language as ISO 639-3 (tesseract's codes too), or "und" when the text is too short to tell. */
export type DetectedLanguage = { code: string; confidence: number; candidates: { code: string; score: number }[] };

// Short, number-heavy documents (receipts, invoices) give trigrams little to go on; their function and
// business words do. Each language's most frequent ones, lower case.
const WORDS: Record<string, string[]> = {
  eng: [
    "the",
    "and",
    "of",
    "to",
    "for",
    "with",
    "your",
    "date",
    "invoice",
    "total",
    "amount",
    "due",
    "payment",
    "thank",
    "you",
    "dear",
    "please",
    "account",
    "number",
    "receipt",
  ],
  deu: [
    "der",
    "die",
    "und",
    "das",
    "den",
    "mit",
    "für",
    "ihre",
    "sie",
    "datum",
    "rechnung",
    "betrag",
    "summe",
    "gesamt",
    "zahlbar",
    "bitte",
    "vielen",
    "dank",
    "nummer",
    "konto",
  ],
  fra: [
    "le",
    "la",
    "les",
    "et",
    "des",
    "du",
    "pour",
    "avec",
    "votre",
    "vous",
    "date",
    "facture",
    "montant",
    "total",
    "payer",
    "merci",
    "compte",
    "numéro",
    "madame",
    "monsieur",
  ],
  spa: [
    "el",
    "la",
    "los",
    "las",
    "y",
    "del",
    "para",
    "con",
    "su",
    "usted",
    "fecha",
    "factura",
    "importe",
    "total",
    "pagar",
    "gracias",
    "cuenta",
    "número",
    "estimado",
    "recibo",
  ],
  ita: [
    "il",
    "la",
    "di",
    "e",
    "per",
    "con",
    "del",
    "della",
    "suo",
    "data",
    "fattura",
    "importo",
    "totale",
    "pagare",
    "grazie",
    "conto",
    "numero",
    "gentile",
    "ricevuta",
    "che",
  ],
  nld: [
    "de",
    "het",
    "een",
    "en",
    "van",
    "voor",
    "met",
    "uw",
    "datum",
    "factuur",
    "bedrag",
    "totaal",
    "betalen",
    "bedankt",
    "rekening",
    "nummer",
    "geachte",
    "te",
    "bij",
    "op",
  ],
  por: [
    "o",
    "a",
    "os",
    "e",
    "do",
    "da",
    "para",
    "com",
    "seu",
    "data",
    "fatura",
    "valor",
    "total",
    "pagar",
    "obrigado",
    "conta",
    "número",
    "prezado",
    "recibo",
    "não",
  ],
};
const WORD_SETS = Object.entries(WORDS).map(([code, words]) => [code, new Set(words)] as const);

// franc scores every language relative to the best (1.0); a runner-up at 0.75 or closer means no real lead.
const LEAD_FOR_CERTAINTY = 0.25;

const round = (value: number) => Math.round(value * 100) / 100;

/** Each language's share of the text's words that are among its frequent words (0-1). */
function wordShares(text: string): Map<string, number> {
  const tokens = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const shares = new Map<string, number>();
  if (tokens.length === 0) return shares;
  for (const [code, words] of WORD_SETS) shares.set(code, tokens.filter((token) => words.has(token)).length / tokens.length);
  return shares;
}

/**
 * Detects the language of `text`: franc-min's trigram scores (82 languages),
 * each raised by the share of the text's words that are among that
 * language's most frequent ones (which decides on short business documents).
 * `confidence` (0-1) is the lead over the runner-up, scaled so a lead of a
 * quarter of the best score or more is certain.
 */
export function detectLanguage(text: string): DetectedLanguage {
  const franc = francAll(text, { minLength: 20 });
  if (!franc[0] || franc[0][0] === "und") return { code: "und", confidence: 0, candidates: [] };
  const shares = wordShares(text);
  const scores = franc.map(([code, score]) => [code, score + 2 * (shares.get(code) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
  const top = scores[0]![1];
  const normalised = scores.map(([code, score]) => [code, score / top] as const);
  const [best, second] = normalised;
  const lead = best![1] - (second?.[1] ?? 0);
  return {
    code: best![0],
    confidence: round(Math.min(1, lead / LEAD_FOR_CERTAINTY)),
    candidates: normalised.slice(0, 3).map(([code, score]) => ({ code, score: round(score) })),
  };
}
