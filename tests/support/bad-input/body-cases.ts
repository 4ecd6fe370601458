import { readFileSync } from "node:fs";
import path from "node:path";
import { FIXTURES_DIR, uniqueCopy } from "../http-client.ts";
import * as files from "./bad-files.ts";
import { type BadInputCase, type CaseContext, multipartBody, postBytes, uploadFile } from "./case.ts";

const fixture = (name: string) => readFileSync(path.join(FIXTURES_DIR, name));
const FIXTURES = ["page-eng.png", "page-eng.jpg", "three-pages.tiff", "tiny.gif", "tiny.webp", "tiny.bmp", "two-pages.pdf"];
const UNSUPPORTED: [number, string] = [415, "UNSUPPORTED_MEDIA_TYPE"];
const CORRUPT: [number, string] = [422, "CORRUPT_FILE"];
const TOO_MANY_PIXELS: [number, string] = [422, "TOO_MANY_PIXELS"];
const TOO_MANY_PAGES: [number, string] = [422, "TOO_MANY_PAGES"];

/** The three ways to upload: a document, a document with its job, and a batch (a good file first, which must not stay). */
const UPLOAD_ROUTES = {
  documents: (context: CaseContext, bytes: Buffer, name: string) => uploadFile(context, "/api/v1/documents", bytes, name),
  jobs: (context: CaseContext, bytes: Buffer, name: string) => uploadFile(context, "/api/v1/jobs", bytes, name),
  batch: (context: CaseContext, bytes: Buffer, name: string) => {
    const good = uniqueCopy(fixture("tiny.gif"));
    const form = multipartBody([
      { name: "files", filename: "good.gif", data: good },
      { name: "files", filename: name, data: bytes },
    ]);
    return postBytes(context, "/api/v1/jobs/batch", form.body, form.contentType);
  },
};

function uploadCase(
  name: string,
  bytes: () => Buffer,
  filename: string,
  refusals: [number, string][],
  route: keyof typeof UPLOAD_ROUTES = "documents",
): BadInputCase {
  return { name: `${route}: ${name}`, upload: true, refusals, send: (context) => UPLOAD_ROUTES[route](context, bytes(), filename) };
}

function randomBodies(): BadInputCase[] {
  const sizes = [1, 16, 100, 1_000, 10_000, 100_000];
  return [1, 2, 3, 4].flatMap((seed) =>
    sizes.map((size) =>
      uploadCase(`${size} random bytes (seed ${seed})`, () => files.randomBytesFrom(seed, size), "random.png", [UNSUPPORTED]),
    ),
  );
}

function truncatedFixtures(): BadInputCase[] {
  return FIXTURES.flatMap((name) => {
    const bytes = fixture(name);
    const cuts = [0.02, 0.1, 0.25, 0.5, 0.75, 0.9].map((fraction) => Math.max(1, Math.floor(bytes.length * fraction)));
    // The last byte of an image, the "%%EOF\n" of a PDF.
    cuts.push(bytes.length - (name.endsWith(".pdf") ? 6 : 1));
    return cuts.map((cut) =>
      uploadCase(`${name} cut to ${cut} of ${bytes.length} bytes`, () => bytes.subarray(0, cut), name, [UNSUPPORTED, CORRUPT]),
    );
  });
}

function corruptHeaders(): BadInputCase[] {
  const flipped = FIXTURES.map((name) =>
    uploadCase(
      `${name} with its first magic byte flipped`,
      () => {
        const bytes = Buffer.from(fixture(name));
        bytes[0] = bytes[0]! ^ 0xff;
        return bytes;
      },
      name,
      [UNSUPPORTED],
    ),
  );
  const withIhdr = (width: number, height: number) => () => {
    const bytes = Buffer.from(fixture("page-eng.png"));
    bytes.writeUInt32BE(width, 16);
    bytes.writeUInt32BE(height, 20);
    return bytes;
  };
  return [
    ...flipped,
    uploadCase("a PNG whose IHDR width is 0", withIhdr(0, 100), "w0.png", [CORRUPT]),
    uploadCase("a PNG whose IHDR height is 0", withIhdr(100, 0), "h0.png", [CORRUPT]),
    uploadCase("a PNG whose IHDR width is 2^31", withIhdr(2 ** 31, 100), "w31.png", [TOO_MANY_PIXELS, CORRUPT]),
    uploadCase("a PNG whose IHDR size is 2^32-1 squared", withIhdr(2 ** 32 - 1, 2 ** 32 - 1), "max.png", [TOO_MANY_PIXELS]),
  ];
}

function renamedFiles(): BadInputCase[] {
  const contents: [string, () => Buffer][] = [
    ["plain text", () => Buffer.from("just some words, not an image\n")],
    ["HTML", () => Buffer.from("<!doctype html><html><script>alert(1)</script></html>")],
    ["SVG", () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["a ZIP", files.zipBytes],
    ["an ELF executable", files.elfHeader],
  ];
  return contents.flatMap(([what, bytes]) =>
    [".png", ".pdf"].map((extension) => uploadCase(`${what} renamed ${extension}`, bytes, `renamed${extension}`, [UNSUPPORTED])),
  );
}

function polyglots(): BadInputCase[] {
  const html = Buffer.from("<html><script>alert(document.domain)</script></html>\n");
  return [
    uploadCase("a PDF header followed by HTML", () => Buffer.concat([Buffer.from("%PDF-1.7\n"), html]), "poly.pdf", [CORRUPT]),
    uploadCase("a GIF header followed by JavaScript", () => Buffer.from("GIF89a=1;alert(1);//\n"), "poly.gif", [
      CORRUPT,
      UNSUPPORTED,
      TOO_MANY_PIXELS,
    ]),
    uploadCase(
      "a PNG signature followed by a ZIP",
      () => Buffer.concat([fixture("page-eng.png").subarray(0, 8), files.zipBytes()]),
      "poly.png",
      [CORRUPT, UNSUPPORTED],
    ),
    uploadCase("a JPEG start followed by HTML", () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), html]), "poly.jpg", [
      CORRUPT,
      UNSUPPORTED,
    ]),
    uploadCase("a ZIP followed by a PNG", () => Buffer.concat([files.zipBytes(), fixture("page-eng.png")]), "poly.png", [UNSUPPORTED]),
  ];
}

/** Files that are small but stand for huge or endless work: refused at upload, from their headers. */
function bombs(): BadInputCase[] {
  const cases: [string, () => Buffer, string, [number, string]][] = [
    ["a 60000x60000 PNG whose IDAT is all zeros (3.6 GP)", () => files.bombPng(60_000, 60_000), "bomb.png", TOO_MANY_PIXELS],
    ["a GIF declaring a 65535x65535 screen", () => files.gif(65_535, 65_535), "bomb.gif", TOO_MANY_PIXELS],
    ["a BMP header declaring 100000x100000 pixels", () => files.bmpHeader(100_000, 100_000), "bomb.bmp", TOO_MANY_PIXELS],
    ["a TIFF declaring 100000x100000 pixels", () => files.tiff([{ width: 100_000, height: 100_000 }]), "bomb.tiff", TOO_MANY_PIXELS],
    [
      "a TIFF whose second page is 100000x100000",
      () =>
        files.tiff([
          { width: 10, height: 10 },
          { width: 100_000, height: 100_000 },
        ]),
      "bomb2.tiff",
      TOO_MANY_PIXELS,
    ],
    ["a JPEG declaring 65535x65535 pixels", () => files.jpegHeader(65_535, 65_535), "bomb.jpg", TOO_MANY_PIXELS],
    [
      "a JPEG declaring 65535x65535 pixels behind 700 KB of metadata",
      () => files.jpegHeader(65_535, 65_535, 700_000),
      "bomb-exif.jpg",
      TOO_MANY_PIXELS,
    ],
    ["a WebP declaring a 16384x16384 canvas", () => files.webpHeader(16_384, 16_384), "bomb.webp", TOO_MANY_PIXELS],
    ["a PDF of 5000 pages", () => files.manyPagePdf(5_000), "pages.pdf", TOO_MANY_PAGES],
    [
      "a TIFF of 1001 pages",
      () => files.tiff(Array.from({ length: 1_001 }, () => ({ width: 1, height: 1 }))),
      "pages.tiff",
      TOO_MANY_PAGES,
    ],
    ["a GIF of 1001 frames", () => files.gif(10, 10, 1_001), "frames.gif", TOO_MANY_PAGES],
  ];
  const routes: (keyof typeof UPLOAD_ROUTES)[] = ["documents", "jobs", "batch"];
  return routes.flatMap((route) => cases.map(([name, bytes, filename, refusal]) => uploadCase(name, bytes, filename, [refusal], route)));
}

/** PDFs whose empty user password does not open them: the worker could never read them. */
function passwordProtected(): BadInputCase[] {
  const names = ["encrypted.pdf", "encrypted-rc4.pdf", "encrypted-aes128.pdf"];
  const routes: (keyof typeof UPLOAD_ROUTES)[] = ["documents", "jobs", "batch"];
  return routes.flatMap((route) =>
    names.map((name) =>
      uploadCase(`${name}, which needs a password`, () => uniqueCopy(fixture(name)), name, [[422, "PASSWORD_PROTECTED"]], route),
    ),
  );
}

/** Refused request bodies of every kind, on the upload routes. */
export function bodyCases(): BadInputCase[] {
  const empty = [
    uploadCase("a zero-byte .png", () => Buffer.alloc(0), "empty.png", [[400, "FILE_EMPTY"]]),
    uploadCase("a zero-byte .pdf", () => Buffer.alloc(0), "empty.pdf", [[400, "FILE_EMPTY"]], "jobs"),
    uploadCase("a zero-byte file in a batch", () => Buffer.alloc(0), "empty.pdf", [[400, "FILE_EMPTY"]], "batch"),
  ];
  return [
    ...randomBodies(),
    ...truncatedFixtures(),
    ...corruptHeaders(),
    ...empty,
    ...renamedFiles(),
    ...polyglots(),
    ...bombs(),
    ...passwordProtected(),
  ];
}
