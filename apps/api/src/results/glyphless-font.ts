import { deflateSync } from "node:zlib";
import { type PDFDocument, type PDFRef, PDFString } from "pdf-lib";

/**
 * tesseract's GlyphLessFont (tessdata/pdf.ttf, Apache-2.0, 572 bytes): one empty
 * glyph, 500 units wide, for every character. Text in it is invisible by itself
 * and any Unicode text can be written with it, which Helvetica's WinAnsi cannot.
 */
const GLYPHLESS_TTF_BASE64 =
  "AAEAAAAKAIAAAwAgT1MvMlbeyJQAAAEoAAAAYGNtYXAACgA0AAABkAAAAB5nbHlmFSJBJAAAAbgAAAAYaGVhZAt48WUAAACsAAAANmhoZWEMAgQCAAAA5AAAACRobXR4BAAAAAAAAYgAAAAIbG9jYQAMAAAAAAGwAAAABm1heHAABAAFAAABCAAAACBuYW1l8usW2gAAAdAAAABLcG9zdAABAAEAAAIcAAAAIAABAAAAAQAAsJRxEF8PPPUEBwgAAAAAAM+a/G4AAAAA1MOn8gAAAAAEAAgAAAAAEAACAAAAAAAAAAEAAAgA//8AAAQAAAAAAAQAAAEAAAAAAAAAAAAAAAAAAAACAAEAAAACAAQAAQAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAwAAAZAABQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAUAAQABAAAAAAAAAAAAAAAAAAAAAAAAAAAAR09PRwBAAAAAAAAB//8AAAABAAGAAAAAAAAAAAAAAAAAAAABAAAAAAAABAAAAAAAAAIAAQAAAAAAFAADAAAAAAAUAAYACgAAAAAAAAAAAAAAAAAMAAAAAQAAAAAEAAgAAAMAADEhESEEAPwACAAAAAADACoAAAADAAAABQAWAAAAAQAAAAAABQALABYAAwABBAkABQAWAAAAVgBlAHIAcwBpAG8AbgAgADEALgAwVmVyc2lvbiAxLjAAAAEAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAA=";

// Each character code is its UTF-16 unit; every code draws glyph 1 and maps back to itself.
const TO_UNICODE_CMAP = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;

/** Width of every glyph, as a share of the font size. */
export const GLYPH_WIDTH = 0.5;

/**
 * Adds the font (Type0, Identity-H over a CIDFontType2 with the glyphless
 * TrueType font embedded) to the document, the way tesseract's PDF renderer
 * does, and returns its reference for page resources.
 */
export function embedGlyphlessFont(pdf: PDFDocument): PDFRef {
  const { context } = pdf;
  const fontFile = context.flateStream(Buffer.from(GLYPHLESS_TTF_BASE64, "base64"));
  const descriptor = context.obj({
    Type: "FontDescriptor",
    FontName: "GlyphLessFont",
    Flags: 5,
    FontBBox: [0, 0, 500, 1000],
    ItalicAngle: 0,
    Ascent: 1000,
    Descent: 0,
    CapHeight: 1000,
    StemV: 80,
    FontFile2: context.register(fontFile),
  });
  const cidToGid = new Uint8Array(65536 * 2);
  for (let code = 0; code < 65536; code += 1) cidToGid[code * 2 + 1] = 1;
  const cidToGidMap = context.stream(deflateSync(cidToGid), { Filter: "FlateDecode" });
  const cidFont = context.obj({
    Type: "Font",
    Subtype: "CIDFontType2",
    BaseFont: "GlyphLessFont",
    CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("Identity"), Supplement: 0 },
    FontDescriptor: context.register(descriptor),
    CIDToGIDMap: context.register(cidToGidMap),
    DW: GLYPH_WIDTH * 1000,
  });
  const toUnicode = context.flateStream(TO_UNICODE_CMAP);
  const font = context.obj({
    Type: "Font",
    Subtype: "Type0",
    BaseFont: "GlyphLessFont",
    Encoding: "Identity-H",
    DescendantFonts: [context.register(cidFont)],
    ToUnicode: context.register(toUnicode),
  });
  return context.register(font);
}
