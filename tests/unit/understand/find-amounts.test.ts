import { describe, expect, it } from "vitest";
import { findAmounts, parseAmount } from "../../../packages/shared/src/understand/find-amounts.ts";
import { linesOf } from "../../../packages/shared/src/understand/page-lines.ts";
import { pageFromLines } from "./page-from-lines.ts";

const amountsOf = (lines: string[]) => findAmounts(linesOf(pageFromLines(lines)));

describe("finding amounts", () => {
  it("parses both decimal conventions and thousands separators", () => {
    expect(parseAmount("1.234,56")).toBe(1234.56);
    expect(parseAmount("1,234.56")).toBe(1234.56);
    expect(parseAmount("12,00")).toBe(12);
    expect(parseAmount("1 234,50")).toBe(1234.5);
  });

  it("takes the total, not the sub-total or the tax line, with the document's currency", () => {
    const { total, currency, amounts } = amountsOf([
      "Widget 2 x 10,00 € 20,00 €",
      "Zwischensumme 20,00 €",
      "MwSt 19% 3,80 €",
      "Gesamtbetrag 23,80 €",
    ]);
    expect(currency).toBe("EUR");
    expect(total).toMatchObject({ value: 23.8, currency: "EUR", source: "23,80 €" });
    expect(amounts.map((amount) => amount.value)).toEqual([10, 20, 20, 3.8, 23.8]);
  });

  it("reads a bare amount on a total line and gives it the currency written elsewhere", () => {
    const { total } = amountsOf(["Coffee $3.50", "Bagel $2.25", "TOTAL 5.75"]);
    expect(total).toMatchObject({ value: 5.75, currency: "USD" });
  });

  it("states no total when no line is labelled as one", () => {
    expect(amountsOf(["Price: CHF 12.50"]).total).toBeNull();
  });
});
