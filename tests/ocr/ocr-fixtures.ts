import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

export function fixturePath(name: string): string {
  return `${FIXTURES_DIR}${name}`;
}

type ExpectedText = {
  "page-eng.png": string[];
  "page-eng.jpg": string[];
  "two-pages.pdf": string[][];
  "three-pages.tiff": string[][];
  "rotated-exif.jpg": string[];
  "transparent.png": string[];
};

/** The lines make-fixtures.sh rendered, page by page. */
export const expectedText: ExpectedText = JSON.parse(readFileSync(fixturePath("expected.json"), "utf8"));
