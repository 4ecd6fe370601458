/** One line of the result table; `met` compares ocrflow with its target. */
export type Row = { metric: string; ocrflow: string; native?: string; target?: string; met?: boolean | "n/a" };

export const fmt = (value: number | undefined, digits = 1): string =>
  value === undefined || Number.isNaN(value) ? "n/a" : value.toFixed(digits);

export const percent = (value: number | undefined): string => (value === undefined ? "n/a" : `${(value * 100).toFixed(2)}%`);

/** A Markdown table, so it pastes into an issue as is. */
export function formatTable(rows: Row[]): string {
  const header = ["metric", "ocrflow", "native tesseract", "target", "met"];
  const cells = rows.map((row) => [
    row.metric,
    row.ocrflow,
    row.native ?? "",
    row.target ?? "",
    row.met === undefined ? "" : row.met === "n/a" ? "n/a" : row.met ? "yes" : "NO",
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) => `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
