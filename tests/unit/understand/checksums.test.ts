import { describe, expect, it } from "vitest";
import { isValidEuVat } from "../../../packages/shared/src/understand/checksums/eu-vat.ts";
import { isValidIban } from "../../../packages/shared/src/understand/checksums/iban-mod97.ts";
import { checkMrz, mrzCheckDigit } from "../../../packages/shared/src/understand/checksums/icao-mrz.ts";
import { passesLuhn } from "../../../packages/shared/src/understand/checksums/luhn.ts";
import { passesVerhoeff, verhoeffCheckDigit } from "../../../packages/shared/src/understand/checksums/verhoeff.ts";

describe("IBAN mod 97", () => {
  it("accepts valid IBANs with and without spaces", () => {
    expect(isValidIban("DE89 3704 0044 0532 0130 00")).toBe(true);
    expect(isValidIban("GB82WEST12345698765432")).toBe(true);
    expect(isValidIban("FR1420041010050500013M02606")).toBe(true);
  });
  it("refuses a changed digit and a wrong length", () => {
    expect(isValidIban("DE89 3704 0044 0532 0130 01")).toBe(false);
    expect(isValidIban("DE89 3704 0044 0532 0130")).toBe(false);
  });
});

describe("Luhn", () => {
  it("accepts card test numbers and refuses a changed digit", () => {
    expect(passesLuhn("4111 1111 1111 1111")).toBe(true);
    expect(passesLuhn("5500-0000-0000-0004")).toBe(true);
    expect(passesLuhn("378282246310005")).toBe(true);
    expect(passesLuhn("4111 1111 1111 1112")).toBe(false);
  });
});

describe("Verhoeff", () => {
  it("checks Aadhaar-style numbers and computes their check digit", () => {
    expect(passesVerhoeff("2363")).toBe(true);
    expect(verhoeffCheckDigit("236")).toBe(3);
    const aadhaar = `23456789012${verhoeffCheckDigit("23456789012")}`;
    expect(passesVerhoeff(aadhaar)).toBe(true);
    expect(passesVerhoeff(`${aadhaar.slice(0, 11)}${(Number(aadhaar[11]) + 1) % 10}`)).toBe(false);
  });
});

describe("ICAO 9303 MRZ", () => {
  // The specimen passport of ICAO Doc 9303 part 4.
  const td3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
  it("computes field check digits", () => {
    expect(mrzCheckDigit("L898902C3")).toBe(6);
    expect(mrzCheckDigit("740812")).toBe(2);
  });
  it("validates a TD3 zone and refuses one with a changed digit", () => {
    expect(checkMrz(td3)).toEqual({ format: "TD3", valid: true, documentNumber: "L898902C3" });
    expect(checkMrz([td3[0]!, td3[1]!.replace("7408122", "7408132")])?.valid).toBe(false);
  });
  it("validates a TD1 identity card zone", () => {
    const td1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"];
    expect(checkMrz(td1)).toEqual({ format: "TD1", valid: true, documentNumber: "D23145890" });
  });
});

describe("EU VAT numbers", () => {
  it("checks the shape and the check digits ocrflow knows", () => {
    expect(isValidEuVat("DE136695976")).toBe(true);
    expect(isValidEuVat("DE136695977")).toBe(false);
    expect(isValidEuVat("BE0776091951")).toBe(true);
    expect(isValidEuVat("NL123456789B01")).toBe(true);
    expect(isValidEuVat("NL12345678")).toBe(false);
  });
});
