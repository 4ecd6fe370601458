/** pdfjs-dist's legacy Node build (its module namespace). */
export function loadPdfjs(): Promise<any>;
