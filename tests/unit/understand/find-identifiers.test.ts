import { describe, expect, it } from "vitest";
import { findIdentifiers } from "../../../packages/shared/src/understand/find-identifiers.ts";
import { linesOf } from "../../../packages/shared/src/understand/page-lines.ts";
import { pageFromLines } from "./page-from-lines.ts";

const identifiersOf = (lines: string[]) =>
  findIdentifiers(linesOf(pageFromLines(lines)), "DE").map(({ type, value, valid }) => ({ type, value, valid }));

describe("finding identifiers", () => {
  it("finds IBANs, cards, VAT numbers, emails, URLs and invoice numbers with their checksums", () => {
    expect(
      identifiersOf([
        "IBAN: DE89 3704 0044 0532 0130 00",
        "Card 4111 1111 1111 1111 and 4111 1111 1111 1112",
        "USt-IdNr. DE136695976",
        "billing@example.com https://example.com/pay",
        "Invoice No. INV-2026-0042",
      ]),
    ).toEqual([
      { type: "iban", value: "DE89370400440532013000", valid: true },
      { type: "card", value: "4111111111111111", valid: true },
      { type: "card", value: "4111111111111112", valid: false },
      { type: "vat", value: "DE136695976", valid: true },
      { type: "email", value: "billing@example.com", valid: null },
      { type: "url", value: "https://example.com/pay", valid: null },
      { type: "invoice_number", value: "INV-2026-0042", valid: null },
    ]);
  });

  it("finds phone numbers with libphonenumber-js, local ones in the document's country", () => {
    expect(identifiersOf(["Tel. +49 30 901820", "Fax 030 9018 2111"])).toEqual([
      { type: "phone", value: "+4930901820", valid: true },
      { type: "phone", value: "+493090182111", valid: true },
    ]);
  });

  it("finds Indian PAN and Aadhaar numbers, checking Aadhaar with Verhoeff", () => {
    expect(identifiersOf(["PAN ABCPE1234F", "Aadhaar 2345 6789 0124", "Aadhaar 2345 6789 0125"])).toEqual([
      { type: "pan", value: "ABCPE1234F", valid: true },
      { type: "aadhaar", value: "234567890124", valid: true },
      { type: "aadhaar", value: "234567890125", valid: false },
    ]);
  });

  it("finds a passport's machine-readable zone across its two lines and checks its digits", () => {
    const found = findIdentifiers(
      linesOf(pageFromLines(["PASSPORT", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"])),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ type: "mrz", valid: true, page: 1, box: { x0: 0, y0: 30, x1: 440, y1: 80 } });
  });
});
