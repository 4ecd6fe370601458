import { sharp } from "../lib/sharp.ts";
import { seededRandom } from "./random-text.ts";

/** An 8-bit grey page held as raw pixels, with the resolution it is printed at. */
export type RawPage = { data: Buffer; width: number; height: number; dpi: number };

const A4_300DPI = { width: 2480, height: 3508 };
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Lines of 11 pt text on a white A4 page at 300 dpi, drawn by librsvg through sharp. */
export async function renderPage(lines: string[], font: string): Promise<RawPage> {
  const { width, height } = A4_300DPI;
  const text = lines
    .map((line, i) => `<text x="240" y="${320 + i * 72}" font-family="${font}" font-size="46">${escapeXml(line)}</text>`)
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  const data = await sharp(Buffer.from(svg), { density: 72 }).flatten({ background: "#fff" }).grayscale().raw().toBuffer();
  return { data, width, height, dpi: 300 };
}

/** A poor scan: grey paper with grain and thousands of dark specks (dust, toner). */
export function addScanNoise(page: RawPage, seed: number): RawPage {
  const random = seededRandom(seed);
  const data = Buffer.from(page.data);
  for (let i = 0; i < data.length; i += 1) {
    // Sum of three uniforms: roughly normal grain, sd ~ 20 grey levels, on a slightly grey paper.
    const grain = (random() + random() + random() - 1.5) * 40;
    data[i] = Math.max(0, Math.min(255, data[i]! * 0.9 + grain));
  }
  const specks = Math.round((page.width * page.height) / 1500);
  for (let n = 0; n < specks; n += 1) {
    const x = Math.floor(random() * (page.width - 3));
    const y = Math.floor(random() * (page.height - 3));
    const size = random() < 0.8 ? 1 : 2;
    for (let dy = 0; dy <= size; dy += 1) for (let dx = 0; dx <= size; dx += 1) data[(y + dy) * page.width + x + dx] = 30;
  }
  return { ...page, data };
}

/** The page turned by `degrees`, on white, as a crooked sheet on a scanner. */
export async function skewPage(page: RawPage, degrees: number): Promise<RawPage> {
  const { data, info } = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .rotate(degrees, { background: "#fff" })
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, dpi: page.dpi };
}

/** The page as scanned at a lower resolution. */
export async function lowerResolution(page: RawPage, dpi: number): Promise<RawPage> {
  const width = Math.round((page.width * dpi) / page.dpi);
  const { data, info } = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .resize(width)
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, dpi };
}

/** A PNG of the page with its resolution recorded, as a scanner writes it. */
export function encodePng(page: RawPage): Promise<Buffer> {
  return sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .withMetadata({ density: page.dpi })
    .png()
    .toBuffer();
}

/** One multi-page TIFF at 16 bits per sample, as archival scanners write. */
export function encodeTiff16(pages: RawPage[]): Promise<Buffer> {
  const pngs = pages.map((page) =>
    sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
      .png()
      .toBuffer(),
  );
  return Promise.all(pngs).then((inputs) =>
    sharp(inputs, { join: { animated: true } })
      .toColourspace("grey16")
      .withMetadata({ density: pages[0]!.dpi })
      .tiff({ compression: "lzw" })
      .toBuffer(),
  );
}
