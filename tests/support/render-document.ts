import { sharp } from "../../bench/lib/sharp.ts";

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A generated scan: lines of text in a clear sans-serif on a white page at
 * 150 dpi (A4), as a PNG. Large enough for tesseract to read reliably, small
 * enough to read in a second or two.
 */
export async function renderDocument(lines: readonly string[], options: { fontSize?: number; font?: string } = {}): Promise<Buffer> {
  const [width, height] = [1240, 1754];
  const fontSize = options.fontSize ?? 28;
  const text = lines
    .map(
      (line, index) =>
        `<text x="100" y="${140 + index * Math.round(fontSize * 1.8)}" font-family="${options.font ?? "DejaVu Sans"}" font-size="${fontSize}">${escapeXml(line)}</text>`,
    )
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  return sharp(Buffer.from(svg), { density: 72 }).flatten({ background: "#fff" }).grayscale().png().toBuffer();
}
