import { GLYPH_WIDTH } from "./glyphless-font.ts";

export type LayerWord = { text: string; bbox: { x0: number; y0: number; x1: number; y1: number }; line?: number };

/**
 * Where a page's words go: the words' pixel space (`width` x `height`, the page
 * as it was read) is the page's visible box (`box`, user space) turned
 * clockwise by `rotation` degrees (the page's /Rotate plus any turn OCR gave it).
 */
export type PagePlacement = {
  width: number;
  height: number;
  box: { x: number; y: number; width: number; height: number };
  rotation: number;
};

/**
 * The content stream operators of an invisible (render mode 3) text layer:
 * each word in the glyphless font, its glyphs stretched (Tz) over the word's
 * box. The words of a line share one baseline (the line's bottom) and one size
 * (the line's height), so text extractors keep them on one line whatever their
 * descenders; a word followed by another on its line gets a space stretched
 * over the gap, so copied text has its spaces.
 */
export function invisibleTextLayer(words: readonly LayerWord[], placement: PagePlacement, fontName: string): string {
  const map = pixelToUserSpace(placement);
  const turned = placement.rotation % 180 !== 0;
  // Points per pixel along the words' lines and across them.
  const alongScale = (turned ? placement.box.height : placement.box.width) / placement.width;
  const acrossScale = (turned ? placement.box.width : placement.box.height) / placement.height;
  const lines = lineExtents(words);
  const ops: string[] = ["BT", "3 Tr"];
  words.forEach((word, index) => {
    const extent = (word.line !== undefined && lines.get(word.line)) || word.bbox;
    const next = words[index + 1];
    const spaced = next !== undefined && word.line !== undefined && next.line === word.line && next.bbox.x0 > word.bbox.x0;
    const text = spaced ? `${word.text} ` : word.text;
    // One glyph per UTF-16 unit (Identity-H, two bytes a code).
    const units = text.length;
    if (units === 0) return;
    const size = Math.max(1, (extent.y1 - extent.y0) * acrossScale);
    const widthPt = ((spaced ? next!.bbox.x0 : word.bbox.x1) - word.bbox.x0) * alongScale;
    const stretch = (100 * Math.max(widthPt, 0.1)) / (units * GLYPH_WIDTH * size);
    const [e, f] = map(word.bbox.x0, extent.y1);
    const { along, up } = directions(placement.rotation);
    ops.push(
      `/${fontName} ${num(size)} Tf ${num(stretch)} Tz ${along.join(" ")} ${up.join(" ")} ${num(e)} ${num(f)} Tm <${utf16Hex(text)}> Tj`,
    );
  });
  ops.push("ET");
  return `${ops.join("\n")}\n`;
}

/** Top and bottom of each numbered line: the union of its words' boxes. */
function lineExtents(words: readonly LayerWord[]): Map<number, { y0: number; y1: number }> {
  const lines = new Map<number, { y0: number; y1: number }>();
  for (const { line, bbox } of words) {
    if (line === undefined) continue;
    const extent = lines.get(line);
    lines.set(line, extent ? { y0: Math.min(extent.y0, bbox.y0), y1: Math.max(extent.y1, bbox.y1) } : { y0: bbox.y0, y1: bbox.y1 });
  }
  return lines;
}

/** Unit vectors, in user space, of the words' left-to-right and of their up (pixel space's -y). */
function directions(rotation: number): { along: [number, number]; up: [number, number] } {
  switch (normalRotation(rotation)) {
    case 90:
      return { along: [0, 1], up: [-1, 0] };
    case 180:
      return { along: [-1, 0], up: [0, -1] };
    case 270:
      return { along: [0, -1], up: [1, 0] };
    default:
      return { along: [1, 0], up: [0, 1] };
  }
}

/** The user-space point of a pixel of the words' space. */
export function pixelToUserSpace({ width, height, box, rotation }: PagePlacement): (px: number, py: number) => [number, number] {
  const { x, y, width: w, height: h } = box;
  return (px, py) => {
    const u = px / width;
    const v = py / height;
    switch (normalRotation(rotation)) {
      case 90:
        return [x + v * w, y + u * h];
      case 180:
        return [x + w - u * w, y + v * h];
      case 270:
        return [x + w - v * w, y + h - u * h];
      default:
        return [x + u * w, y + h - v * h];
    }
  };
}

export function normalRotation(degrees: number): 0 | 90 | 180 | 270 {
  const turned = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  return turned as 0 | 90 | 180 | 270;
}

function utf16Hex(text: string): string {
  let hex = "";
  for (let i = 0; i < text.length; i += 1) hex += text.charCodeAt(i).toString(16).padStart(4, "0");
  return hex;
}

function num(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
