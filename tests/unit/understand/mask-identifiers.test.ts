import { describe, expect, it } from "vitest";
import { maskValue } from "../../../packages/shared/src/understand/mask-identifiers.ts";
import { readPageIdentifiers } from "../../../packages/shared/src/understand/page-identifiers.ts";
import { pageFromLines } from "./page-from-lines.ts";

const LINES = [
  "Paid by card 4111 1111 1111 1111",
  "Aadhaar 2345 6789 0124",
  "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
  "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
  "IBAN DE89 3704 0044 0532 0130 00",
];
const SECRETS = ["4111 1111 1111", "4111111111111111", "2345 6789", "234567890124", "ERIKSSON", "L898902C3", "7408122"];

describe("masking identifiers", () => {
  it("keeps the last four digits of cards and Aadhaar numbers and the type and state of an MRZ", () => {
    expect(maskValue("card", "4111111111111111")).toBe("••••••••••••1111");
    expect(maskValue("aadhaar", "2345 6789 0124")).toBe("•••• •••• 0124");
    expect(maskValue("mrz", "P<UTOERIKSSON<<ANNA")).toBe("P<UTO••••••••<<••••");
  });

  it("masks them in the page's text, words and hOCR, and in the identifiers, but leaves an IBAN as it is", () => {
    const { page, identifiers } = readPageIdentifiers(pageFromLines(LINES), false);
    const stored = [page.text, JSON.stringify(page.words), page.hocr, JSON.stringify(identifiers)];
    for (const secret of SECRETS) for (const format of stored) expect(format).not.toContain(secret);
    expect(page.text).toContain("Paid by card •••• •••• •••• 1111");
    expect(page.text).toContain("Aadhaar •••• •••• 0124");
    expect(page.text).toContain("IBAN DE89 3704 0044 0532 0130 00");
    expect(page.hocr).toContain(">••••</span>");
    expect(identifiers.map(({ type, valid, masked }) => ({ type, valid, masked }))).toEqual([
      { type: "mrz", valid: true, masked: true },
      { type: "card", valid: true, masked: true },
      { type: "aadhaar", valid: true, masked: true },
      { type: "iban", valid: true, masked: false },
    ]);
  });

  it("leaves everything as read when the job asked to reveal identifiers", () => {
    const original = pageFromLines(LINES);
    const { page, identifiers } = readPageIdentifiers(original, true);
    expect(page.text).toBe(original.text);
    expect(identifiers.find((identifier) => identifier.type === "card")?.value).toBe("4111111111111111");
  });
});
