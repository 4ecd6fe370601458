import { sharp } from "../lib/sharp.ts";
import { seededRandom } from "./random-text.ts";

/** A generated map: its PNG and the labels printed on it, in no particular order. */
export type MapPage = { png: Buffer; labels: string[] };

const PLACES = [
  "Riverside",
  "Oak Street",
  "Mill Lane",
  "North Park",
  "Harbour",
  "Station Road",
  "Old Town",
  "Market Square",
  "Hill Farm",
  "West Gate",
  "Kings Bridge",
  "Church Lane",
];

/**
 * A map-like figure at 300 dpi (A4 landscape): roads of several widths, a
 * winding river, a dashed boundary, hatched fields and a grid, with a dozen
 * place names scattered between them, as a scanned street plan holds.
 */
export async function renderMap(seed: number): Promise<MapPage> {
  const random = seededRandom(seed);
  const width = 3508;
  const height = 2480;
  const at = (span: number) => Math.round(random() * span);
  const art: string[] = [];
  for (let x = 250; x < width; x += 500) art.push(`<line x1="${x}" y1="0" x2="${x}" y2="${height}" stroke="#999" stroke-width="2"/>`);
  for (let y = 250; y < height; y += 500) art.push(`<line x1="0" y1="${y}" x2="${width}" y2="${y}" stroke="#999" stroke-width="2"/>`);
  for (let road = 0; road < 9; road += 1) {
    const points = Array.from({ length: 5 }, () => `${at(width)},${at(height)}`).join(" ");
    art.push(`<polyline points="${points}" fill="none" stroke="#000" stroke-width="${4 + at(14)}"/>`);
  }
  const river = Array.from({ length: 12 }, (_, i) => `${Math.round((i * width) / 11)},${Math.round(height / 2 + Math.sin(i) * 500)}`).join(
    " ",
  );
  art.push(`<polyline points="${river}" fill="none" stroke="#333" stroke-width="26"/>`);
  art.push(
    `<rect x="300" y="300" width="${width - 600}" height="${height - 600}" fill="none" stroke="#000" stroke-width="6" stroke-dasharray="40 20"/>`,
  );
  for (let field = 0; field < 4; field += 1) {
    const x0 = at(width - 500);
    const y0 = at(height - 400);
    for (let k = 0; k < 12; k += 1)
      art.push(`<line x1="${x0 + k * 30}" y1="${y0}" x2="${x0 + k * 30 + 120}" y2="${y0 + 300}" stroke="#000" stroke-width="3"/>`);
  }
  const labels: string[] = [];
  const text: string[] = [];
  PLACES.forEach((label, i) => {
    const x = 150 + (i % 4) * 850 + at(200);
    const y = 250 + Math.floor(i / 4) * 800 + at(300);
    labels.push(label);
    // A white halo, as cartographers print names over the lines.
    text.push(
      `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="54" font-weight="bold" stroke="#fff" stroke-width="14" paint-order="stroke">${label}</text>`,
    );
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${art.join("")}${text.join("")}</svg>`;
  const png = await sharp(Buffer.from(svg), { density: 72 })
    .flatten({ background: "#fff" })
    .greyscale()
    .withMetadata({ density: 300 })
    .png()
    .toBuffer();
  return { png, labels };
}
