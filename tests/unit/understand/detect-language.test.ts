import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../../packages/shared/src/understand/detect-language.ts";

describe("detecting the language", () => {
  it("tells short business documents apart by their words", () => {
    expect(detectLanguage("Rechnung Nr. 2026-17 Datum: 04.03.2026 Gesamtbetrag 23,80 EUR Zahlbar bis 18.03.2026").code).toBe("deu");
    expect(detectLanguage("Facture n° 2026-17 Date : 04/03/2026 Montant total 23,80 EUR Merci pour votre commande").code).toBe("fra");
    expect(detectLanguage("Invoice No. 2026-17 Date: 03/04/2026 Total amount due 23.80 USD Thank you for your order").code).toBe("eng");
    expect(detectLanguage("Factura nº 2026-17 Fecha: 04/03/2026 Importe total 23,80 EUR Gracias por su compra").code).toBe("spa");
  });

  it("is sure of a long text and says und when there is too little to tell", () => {
    const text = "The quick brown fox jumps over the lazy dog while the farmer watches from the barn and thinks about the weather.";
    expect(detectLanguage(text)).toMatchObject({ code: "eng", confidence: expect.any(Number) });
    expect(detectLanguage(text).confidence).toBeGreaterThan(0.5);
    expect(detectLanguage("12.50 EUR")).toEqual({ code: "und", confidence: 0, candidates: [] });
  });
});
