export const IDENTIFIER_TYPES = ["iban", "card", "vat", "email", "phone", "url", "invoice_number", "pan", "aadhaar", "mrz"] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** Types whose numbers are masked in every output unless the job asked to reveal them. */
export const SENSITIVE_TYPES: ReadonlySet<IdentifierType> = new Set(["card", "aadhaar", "mrz"]);
