/**
 * Language codes as a job row stores them: joined with "+", as tesseract
 * writes them. Apart from encoding.ts (Node's crypto and streams) so the
 * validators, whose types the web app reads, need nothing of Node.
 */
export function encodeLanguages(codes: readonly string[]): string {
  return codes.join("+");
}

export function decodeLanguages(stored: string): string[] {
  return stored.split("+");
}
