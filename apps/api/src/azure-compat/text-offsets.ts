/** How Azure counts offsets and lengths in `content`: grapheme clusters (its default), code points, or UTF-16 units. */
export const STRING_INDEX_TYPES = ["textElements", "unicodeCodePoint", "utf16CodeUnit"] as const;
export type StringIndexType = (typeof STRING_INDEX_TYPES)[number];

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The length of `text` in the unit `type` counts. */
export function textLength(text: string, type: StringIndexType): number {
  if (type === "utf16CodeUnit") return text.length;
  if (type === "unicodeCodePoint") return [...text].length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/**
 * Builds a text by appending pieces, keeping both the JavaScript position
 * (for slicing) and the offset in the requested unit (for spans). Pieces are
 * words and the separators between them, so no grapheme spans two pieces.
 */
export class ContentBuilder {
  text = "";
  offset = 0;

  constructor(readonly indexType: StringIndexType) {}

  /** Appends `piece` and returns its span. */
  append(piece: string): { offset: number; length: number } {
    const span = { offset: this.offset, length: textLength(piece, this.indexType) };
    this.text += piece;
    this.offset += span.length;
    return span;
  }
}
