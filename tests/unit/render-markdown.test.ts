import { describe, expect, it } from "vitest";
import { escapeMarkdownLine, renderMarkdown } from "../../apps/api/src/jobs/render-markdown.ts";

describe("renderMarkdown", () => {
  it("titles a one-page result with the file name and keeps its paragraphs, without a page heading", () => {
    const markdown = renderMarkdown({ title: "scan.png", pages: [{ page: 1, text: "First line.\nSecond line.\n\nNew paragraph.\n" }] });
    expect(markdown).toBe("# scan.png\n\nFirst line.\nSecond line.\n\nNew paragraph.\n");
  });

  it("gives every page of a longer document a heading of its own", () => {
    const markdown = renderMarkdown({
      title: "report.pdf",
      pages: [
        { page: 1, text: "Page one text.\n" },
        { page: 2, text: "Page two text.\n" },
      ],
    });
    expect(markdown).toBe("# report.pdf\n\n## Page 1\n\nPage one text.\n\n## Page 2\n\nPage two text.\n");
  });

  it("says so when a page has no text, rather than leaving its heading empty", () => {
    const markdown = renderMarkdown({
      title: "t.tiff",
      pages: [
        { page: 1, text: "  \n\n" },
        { page: 2, text: "Words" },
      ],
    });
    expect(markdown).toContain("## Page 1\n\n*No text was recognised on this page.*\n\n## Page 2");
  });

  it("turns runs of blank lines and stray indentation into one clean paragraph break", () => {
    const markdown = renderMarkdown({ title: "x", pages: [{ page: 1, text: "  one\n\n\n\n   two  " }] });
    expect(markdown).toBe("# x\n\none\n\ntwo\n");
  });
});

describe("escapeMarkdownLine", () => {
  it("keeps OCR text that looks like markup from becoming markup", () => {
    expect(escapeMarkdownLine("# not a heading")).toBe("\\# not a heading");
    expect(escapeMarkdownLine("- not a list")).toBe("\\- not a list");
    expect(escapeMarkdownLine("1. not a list")).toBe("1\\. not a list");
    expect(escapeMarkdownLine("2023) not a list")).toBe("2023\\) not a list");
    expect(escapeMarkdownLine("a *b* _c_ [d](e) <script>")).toBe("a \\*b\\* \\_c\\_ \\[d\\](e) \\<script\\>");
  });

  it("leaves ordinary sentences alone", () => {
    expect(escapeMarkdownLine("The quick brown fox, 3 times.")).toBe("The quick brown fox, 3 times.");
  });
});
