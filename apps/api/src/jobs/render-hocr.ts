export interface HocrInput {
  /** The document's file name, used as the title. */
  title: string;
  /** Each page's hOCR as tesseract wrote it: one `ocr_page` div, numbered as page 1. */
  pages: readonly { page: number; hocr: string }[];
}

const OCR_CAPABILITIES = "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf ocrp_lang ocrp_dir";

/**
 * A complete XHTML hOCR document from the pages' hOCR. tesseract reads every
 * page image on its own, so each fragment says page 1 (`page_1`, `word_1_3`,
 * `ppageno 0`): the ids and page numbers are rewritten to the real page so the
 * joined document has unique ids.
 */
export function renderHocr({ title, pages }: HocrInput): string {
  const body = pages.map((page) => renumberPage(page.hocr.trim(), page.page)).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title>${escapeXml(title)}</title>
  <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
  <meta name="ocr-system" content="ocrflow (tesseract.js)"/>
  <meta name="ocr-number-of-pages" content="${pages.length}"/>
  <meta name="ocr-capabilities" content="${OCR_CAPABILITIES}"/>
 </head>
 <body>
${body}
 </body>
</html>
`;
}

/** `page_1` -> `page_N`, `word_1_7` -> `word_N_7`, `ppageno 0` -> `ppageno N-1`. */
export function renumberPage(hocr: string, page: number): string {
  return hocr
    .replace(
      /\bid=(['"])([a-z]+)_1(_\d+)?\1/g,
      (_match, quote: string, kind: string, rest = "") => `id=${quote}${kind}_${page}${rest}${quote}`,
    )
    .replace(/\bppageno \d+/g, `ppageno ${page - 1}`);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
