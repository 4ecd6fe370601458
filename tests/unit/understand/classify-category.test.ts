import { describe, expect, it } from "vitest";
import { classifyCategory } from "../../../packages/shared/src/understand/classify-category.ts";
import { trainOwnerModel } from "../../../packages/shared/src/understand/owner-classifier.ts";

const classify = (text: string, extra: Partial<Parameters<typeof classifyCategory>[0]> = {}) =>
  classifyCategory({ text, identifiers: [], hasTotal: false, ...extra });

describe("classifying documents", () => {
  it("sorts documents by the words that mark their kind, and says which", () => {
    expect(classify("RECHNUNG\nRechnungsnummer 17\nMwSt 19%\nZahlbar bis 18.03.2026", { hasTotal: true })).toMatchObject({
      category: "invoice",
      signals: expect.arrayContaining(["word: invoice", "words: payment due"]),
    });
    expect(classify("SUPERMARKT\nKassenbon\nBAR 20,00\nRückgeld 1,20", { hasTotal: true }).category).toBe("receipt");
    expect(classify("Dear Ms Smith,\nthank you for your letter.\nYours sincerely,\nJohn").category).toBe("letter");
    expect(classify("KONTOAUSZUG\nAlter Kontostand 100,00\nNeuer Kontostand 80,00").category).toBe("bank_statement");
    expect(classify("Rental agreement between the parties hereinafter the landlord").category).toBe("contract");
  });

  it("takes a machine-readable zone as an identity document", () => {
    expect(classify("P<UTOERIKSSON", { identifiers: [{ type: "mrz", valid: true }] })).toMatchObject({
      category: "identity_document",
      signals: ["machine-readable zone"],
    });
  });

  it("answers other, with low confidence, when nothing marks the document", () => {
    expect(classify("The quick brown fox jumps over the lazy dog")).toMatchObject({ category: "other", signals: ["no signal"] });
  });

  it("follows the owner's corrections for documents like the ones they filed", () => {
    const text = "Stadtwerke Musterstadt Abschlag Strom Verbrauch Zählerstand Kilowattstunden Abrechnungszeitraum";
    expect(classify(text).category).toBe("other");
    const ownerModel = trainOwnerModel([
      { text: "Stadtwerke Musterstadt Abschlag Strom Zählerstand Kilowattstunden Januar", category: "bank_statement" },
      { text: "Dear John, kind regards", category: "letter" },
    ]);
    expect(classify(text, { ownerModel })).toMatchObject({
      category: "bank_statement",
      signals: [expect.stringMatching(/^like documents you filed as bank_statement/)],
    });
    expect(classify("Totally unrelated words about gardening tomatoes", { ownerModel }).category).toBe("other");
  });
});
