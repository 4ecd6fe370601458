import { describe, expect, it } from "vitest";
import { escapeXml, renderHocr, renumberPage } from "../../apps/api/src/jobs/render-hocr.ts";

// The shape tesseract writes for one page image (every image is its page 1).
const pageFragment = (
  word: string,
) => `<div class='ocr_page' id='page_1' title='image "unknown"; bbox 0 0 100 50; ppageno 0; scan_res 300 300'>
 <div class='ocr_carea' id='block_1_1' title="bbox 1 2 90 40">
  <p class='ocr_par' id='par_1_1' lang='eng' title="bbox 1 2 90 40">
   <span class='ocr_line' id='line_1_1' title="bbox 1 2 90 40; baseline 0 -1">
    <span class='ocrx_word' id='word_1_1' title='bbox 1 2 40 40; x_wconf 95'>${word}</span>
   </span>
  </p>
 </div>
</div>
`;

describe("renderHocr", () => {
  it("joins the pages into one XHTML hOCR document with unique ids and real page numbers", () => {
    const hocr = renderHocr({
      title: "report <draft>.pdf",
      pages: [
        { page: 1, hocr: pageFragment("one") },
        { page: 2, hocr: pageFragment("two") },
      ],
    });
    expect(hocr.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(hocr).toContain('<html xmlns="http://www.w3.org/1999/xhtml"');
    expect(hocr).toContain("<title>report &#60;draft&#62;.pdf</title>");
    expect(hocr).toContain('<meta name="ocr-number-of-pages" content="2"/>');
    expect(hocr.match(/class='ocr_page'/g)).toHaveLength(2);
    expect(hocr).toContain("id='page_2'");
    expect(hocr).toContain("id='word_2_1'");
    expect(hocr).toContain("ppageno 1;");
    const ids = [...hocr.matchAll(/\bid='([^']+)'/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(hocr.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("is a well-formed document: every element opened is closed in order", () => {
    const hocr = renderHocr({ title: "a", pages: [{ page: 1, hocr: pageFragment("x") }] });
    const stack: string[] = [];
    for (const [, closing, name, selfClosing] of hocr.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
      if (selfClosing) continue;
      if (closing) expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
  });
});

describe("renumberPage", () => {
  it("renumbers every kind of id of a page and leaves the text alone", () => {
    const renumbered = renumberPage(pageFragment("page_1"), 7);
    expect(renumbered).toContain("id='page_7'");
    expect(renumbered).toContain("id='block_7_1'");
    expect(renumbered).toContain("id='par_7_1'");
    expect(renumbered).toContain("id='line_7_1'");
    expect(renumbered).toContain("id='word_7_1'");
    expect(renumbered).toContain("ppageno 6;");
    expect(renumbered).toContain(">page_1</span>");
  });
});

describe("escapeXml", () => {
  it("escapes the five XML special characters", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;");
  });
});
