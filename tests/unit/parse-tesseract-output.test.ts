import { describe, expect, it } from "vitest";
import { meanTextConfidence, parseTesseractOutput } from "../../apps/worker/src/ocr/engine/parse-tesseract-output.ts";

// What `tesseract stdin stdout hocr tsv` writes (5.3.0, shortened): the two renderers interleaved.
const OUTPUT = [
  `<?xml version="1.0" encoding="UTF-8"?>`,
  `<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">`,
  " <body>",
  "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
  `  <div class='ocr_page' id='page_1' title='image "stdin"; bbox 0 0 400 200; ppageno 0; scan_res 300 300'>`,
  `   <div class='ocr_carea' id='block_1_1' title="bbox 10 10 300 120">`,
  `      <span class='ocrx_word' id='word_1_1' title='bbox 10 10 60 40; x_wconf 96'>Hello</span>`,
  "   </div>",
  "  </div>",
  "1\t1\t0\t0\t0\t0\t0\t0\t400\t200\t-1\t",
  "2\t1\t1\t0\t0\t0\t10\t10\t290\t110\t-1\t",
  "3\t1\t1\t1\t0\t0\t10\t10\t290\t30\t-1\t",
  "4\t1\t1\t1\t1\t0\t10\t10\t290\t30\t-1\t",
  "5\t1\t1\t1\t1\t1\t10\t10\t50\t30\t96.6\tHello",
  "5\t1\t1\t1\t1\t2\t70\t10\t60\t30\t91.2\tworld",
  "4\t1\t1\t1\t2\t0\t10\t50\t100\t30\t-1\t",
  "5\t1\t1\t1\t2\t1\t10\t50\t100\t30\t88.9\tagain",
  "3\t1\t1\t2\t0\t0\t10\t90\t100\t30\t-1\t",
  "4\t1\t1\t2\t1\t0\t10\t90\t100\t30\t-1\t",
  "5\t1\t1\t2\t1\t1\t10\t90\t100\t30\t70.1\tBye",
  " </body>",
  "</html>",
  "",
].join("\n");

describe("parseTesseractOutput", () => {
  const page = parseTesseractOutput(OUTPUT);

  it("builds the text as tesseract does: lines end in a newline, paragraphs are parted by a blank line", () => {
    expect(page.text).toBe("Hello world\nagain\n\nBye\n");
  });

  it("reads each word with its box, unrounded confidence and layout from the TSV rows", () => {
    expect(page.words).toHaveLength(4);
    expect(page.words[1]).toEqual({
      text: "world",
      confidence: 91.2,
      bbox: { x0: 70, y0: 10, x1: 130, y1: 40 },
      block: 1,
      paragraph: 1,
      line: 1,
    });
    expect(page.words[3]).toMatchObject({ text: "Bye", paragraph: 2, line: 3 });
  });

  it("keeps the page's hOCR div alone, as tesseract.js gives it", () => {
    expect(page.hocr.startsWith(`<div class='ocr_page' id='page_1' title='image "unknown"; bbox 0 0 400 200`)).toBe(true);
    expect(page.hocr.endsWith("</div>\n</div>\n")).toBe(true);
    expect(page.hocr).not.toContain("level\t");
    expect(page.hocr).not.toContain("<body>");
  });

  it("gives the mean confidence as MeanTextConf: integer mean of integer word confidences", () => {
    expect(page.confidence).toBe(86);
    expect(meanTextConfidence([])).toBe(0);
  });

  it("reads a page without words as empty", () => {
    expect(parseTesseractOutput("level\tpage_num\n1\t1\t0\t0\t0\t0\t0\t0\t10\t10\t-1\t\n")).toMatchObject({
      text: "",
      words: [],
      confidence: 0,
    });
  });
});
