import { describe, expect, it } from "vitest";
import { findDates } from "../../../packages/shared/src/understand/find-dates.ts";
import { linesOf } from "../../../packages/shared/src/understand/page-lines.ts";
import { pageFromLines } from "./page-from-lines.ts";

const datesOf = (lines: string[], language: string) => findDates(linesOf(pageFromLines(lines)), language);

describe("finding dates", () => {
  it("reads day-first numeric dates in German and marks the labelled one as the document's date", () => {
    const { dates, dayFirst } = datesOf(["Lieferdatum: 01.03.2026", "Rechnungsdatum: 04.03.2026", "Zahlbar bis 18.03.2026"], "deu");
    expect(dayFirst).toBe(true);
    expect(dates.map((date) => date.date)).toEqual(["2026-03-01", "2026-03-04", "2026-03-18"]);
    expect(dates.filter((date) => date.documentDate).map((date) => date.date)).toEqual(["2026-03-04"]);
    expect(dates[1]).toMatchObject({ source: "04.03.2026", page: 1, box: { x0: 160, y0: 30, x1: 260, y1: 50 } });
  });

  it("reads English numeric dates month first, unless a date that parses one way only says otherwise", () => {
    expect(datesOf(["Date: 03/04/2026"], "eng").dates[0]?.date).toBe("2026-03-04");
    const ukStyle = datesOf(["Date: 03/04/2026", "Due: 25/04/2026"], "eng");
    expect(ukStyle.dayFirst).toBe(true);
    expect(ukStyle.dates.map((date) => date.date)).toEqual(["2026-04-03", "2026-04-25"]);
  });

  it("reads month names in several languages, ISO dates and two-digit years", () => {
    const { dates } = datesOf(["Paris, le 4 décembre 2026", "December 5, 2026", "5. März 2026", "2026-01-31", "Le 31/12/25"], "fra");
    expect(dates.map((date) => date.date)).toEqual(["2026-12-04", "2026-12-05", "2026-03-05", "2026-01-31", "2025-12-31"]);
  });

  it("skips impossible dates and never takes a due date as the document's date", () => {
    const { dates } = datesOf(["Due date: 31.02.2026", "Due date: 28.02.2026", "Payment 01.02.2026"], "eng");
    expect(dates.map((date) => date.date)).toEqual(["2026-02-28", "2026-02-01"]);
    expect(dates.find((date) => date.documentDate)?.date).toBe("2026-02-01");
  });
});
