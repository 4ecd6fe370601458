import { DOMParser, type Element } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { ALTO_NAMESPACE, renderAlto } from "../../apps/api/src/jobs/render-alto.ts";

const word = (text: string, x0: number, line: number, block = 1, confidence = 91) => ({
  text,
  confidence,
  bbox: { x0, y0: line * 40, x1: x0 + 30, y1: line * 40 + 25 },
  block,
  line,
});

const PAGES = [
  {
    page: 1,
    width: 600,
    height: 800,
    words: [word("Tom", 10, 1), word("&", 50, 1), word("Jerry's", 90, 1), word('"<b>"', 10, 2, 1, 100), word("Next", 10, 4, 2, 47.5)],
  },
  { page: 2, width: 600, height: 800, words: [] },
];

/** Parses strictly: any warning or error of the parser fails the test. */
function parse(xml: string) {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, "application/xml");
}

const elements = (root: { getElementsByTagNameNS(ns: string, name: string): ArrayLike<Element> }, name: string) =>
  Array.from(root.getElementsByTagNameNS(ALTO_NAMESPACE, name));

describe("renderAlto", () => {
  it("writes well-formed ALTO v4 with pages, blocks, lines and strings in its namespace", () => {
    const document = parse(renderAlto({ title: "scan <1> & co.pdf", pages: PAGES }));
    expect(document.documentElement!.namespaceURI).toBe(ALTO_NAMESPACE);
    expect(document.documentElement!.localName).toBe("alto");
    const pages = elements(document, "Page");
    expect(pages.map((page) => [page.getAttribute("PHYSICAL_IMG_NR"), page.getAttribute("WIDTH"), page.getAttribute("HEIGHT")])).toEqual([
      ["1", "600", "800"],
      ["2", "600", "800"],
    ]);
    expect(elements(pages[0]!, "PrintSpace")).toHaveLength(1);
    expect(elements(pages[0]!, "TextBlock")).toHaveLength(2);
    expect(elements(pages[0]!, "TextLine")).toHaveLength(3);
    expect(elements(pages[1]!, "String")).toHaveLength(0);
    expect(elements(document, "fileName")[0]!.textContent).toBe("scan <1> & co.pdf");
  });

  it("gives every word, escaped, with its box and confidence 0-1", () => {
    const strings = elements(parse(renderAlto({ title: "t", pages: PAGES })), "String");
    expect(strings.map((string) => string.getAttribute("CONTENT"))).toEqual(["Tom", "&", "Jerry's", '"<b>"', "Next"]);
    expect(strings.map((string) => string.getAttribute("WC"))).toEqual(["0.91", "0.91", "0.91", "1", "0.475"]);
    expect(["HPOS", "VPOS", "WIDTH", "HEIGHT"].map((name) => strings[2]!.getAttribute(name))).toEqual(["90", "40", "30", "25"]);
    const line = elements(parse(renderAlto({ title: "t", pages: PAGES })), "TextLine")[0]!;
    expect(["HPOS", "VPOS", "WIDTH", "HEIGHT"].map((name) => line.getAttribute(name))).toEqual(["10", "40", "110", "25"]);
  });

  it("drops characters XML cannot hold (from a PDF's own text layer)", () => {
    const xml = renderAlto({ title: "t", pages: [{ page: 1, width: 10, height: 10, words: [word("a\u0001b\uFFFF", 0, 1)] }] });
    expect(elements(parse(xml), "String")[0]!.getAttribute("CONTENT")).toBe("ab");
  });
});
