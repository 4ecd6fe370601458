/** The kinds of document ocrflow sorts results into. */
export const CATEGORIES = [
  "invoice",
  "receipt",
  "letter",
  "contract",
  "bank_statement",
  "identity_document",
  "form",
  "report",
  "other",
] as const;
export type Category = (typeof CATEGORIES)[number];
