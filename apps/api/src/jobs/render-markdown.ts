import type { ApiMetadata } from "@ocrflow/shared/responses";
import { markdownFrontMatter } from "./markdown-front-matter.ts";

export interface MarkdownInput {
  /** The document's file name, used as the title. */
  title: string;
  /** What was understood of the document, given as YAML front matter when there is any. */
  metadata?: ApiMetadata | null;
  pages: readonly { page: number; text: string }[];
}

/**
 * A result as a Markdown document: its metadata as front matter, the file name as the title, a heading per
 * page when there are several, paragraphs (blank-line separated in OCR text)
 * and line breaks kept. OCR text is escaped so it never turns into markup.
 */
export function renderMarkdown({ title, pages, metadata }: MarkdownInput): string {
  const blocks = [`# ${escapeMarkdownLine(title)}`];
  for (const page of pages) {
    if (pages.length > 1) blocks.push(`## Page ${page.page}`);
    const paragraphs = paragraphsOf(page.text);
    blocks.push(...(paragraphs.length > 0 ? paragraphs : ["*No text was recognised on this page.*"]));
  }
  return `${metadata ? markdownFrontMatter(metadata) : ""}${blocks.join("\n\n")}\n`;
}

function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .map((line) => escapeMarkdownLine(line.trim()))
        .filter((line) => line !== "")
        .join("\n"),
    )
    .filter((paragraph) => paragraph !== "");
}

/** Escapes inline markup everywhere and block markers (headings, lists, quotes...) at the start of a line. */
export function escapeMarkdownLine(line: string): string {
  const inline = line.replace(/[\\`*_[\]<>|~]/g, "\\$&");
  return inline.replace(/^([#+\-=]|\d+(?=[.)]))/, (marker) => (/^\d/.test(marker) ? `${marker}\\` : `\\${marker}`));
}
