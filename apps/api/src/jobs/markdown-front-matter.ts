import type { ApiMetadata } from "@ocrflow/shared/responses";

/** A YAML scalar: strings double-quoted (JSON's escapes are YAML's), numbers and null as they are. */
function scalar(value: string | number | null): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * The metadata as YAML front matter (the block Markdown tools such as
 * Obsidian, Jekyll and pandoc read): the fields a person files a document
 * by, and its identifiers as the JSON gives them (masked alike).
 */
export function markdownFrontMatter(metadata: ApiMetadata): string {
  const lines = [
    "---",
    `language: ${scalar(metadata.language.code)}`,
    `language_confidence: ${metadata.language.confidence}`,
    `category: ${scalar(metadata.category.category)}`,
    `category_confidence: ${metadata.category.confidence}`,
    `document_date: ${scalar(metadata.documentDate)}`,
    `dates: [${metadata.dates.map((date) => scalar(date.date)).join(", ")}]`,
    `total: ${metadata.total ? metadata.total.value : "null"}`,
    `currency: ${scalar(metadata.total?.currency ?? metadata.currency)}`,
    `vendor: ${scalar(metadata.vendor?.name ?? null)}`,
    `sender: ${scalar(metadata.sender?.name ?? null)}`,
  ];
  if (metadata.identifiers.length === 0) lines.push("identifiers: []");
  else {
    lines.push("identifiers:");
    for (const identifier of metadata.identifiers) {
      lines.push(
        `  - type: ${identifier.type}`,
        `    value: ${scalar(identifier.value)}`,
        `    valid: ${identifier.valid}`,
        `    page: ${identifier.page}`,
      );
    }
  }
  lines.push("---");
  return `${lines.join("\n")}\n\n`;
}
