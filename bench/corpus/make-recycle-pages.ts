import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { sharp } from "../lib/sharp.ts";
import { randomLines, seededRandom } from "./random-text.ts";

/** A page size of the recycling run: most pages are small, a few are large scans. */
type PageSize = { name: string; width: number; height: number; lines: number };

// 300 dpi: a strip of a few lines, an A5 half page, and an A3 sheet with a short note.
const SMALL: PageSize = { name: "small", width: 1400, height: 420, lines: 4 };
const MEDIUM: PageSize = { name: "medium", width: 1748, height: 2480, lines: 12 };
const LARGE: PageSize = { name: "large", width: 3508, height: 4961, lines: 6 };
// Bump when the pages change, so an older folder is not reused.
const VERSION = 1;

/**
 * `count` one-page PNGs of different text (so no result is served from the
 * cache): a large page every 20th, a medium one every 5th, small ones between.
 * Reused when already drawn.
 */
export async function makeRecyclePages(corpusDir: string, count: number): Promise<string[]> {
  const dir = path.join(corpusDir, `recycle-v${VERSION}`);
  await mkdir(dir, { recursive: true });
  const random = seededRandom(4242);
  const files: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const size = i % 20 === 10 ? LARGE : i % 5 === 0 ? MEDIUM : SMALL;
    const lines = randomLines(random, size.lines);
    const file = path.join(dir, `${String(i).padStart(3, "0")}-${size.name}.png`);
    if (!existsSync(file)) await writeFile(file, await drawPage(size, lines));
    files.push(file);
  }
  return files;
}

// randomLines only holds words, digits, commas and full stops: nothing to escape in SVG.
async function drawPage({ width, height }: PageSize, lines: string[]): Promise<Buffer> {
  const text = lines.map((line, i) => `<text x="90" y="${110 + i * 72}" font-family="DejaVu Sans" font-size="46">${line}</text>`).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  // 300 dpi recorded, so the worker does not upscale the small pages.
  return sharp(Buffer.from(svg), { density: 72 })
    .flatten({ background: "#fff" })
    .grayscale()
    .withMetadata({ density: 300 })
    .png()
    .toBuffer();
}
