import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { deflateSync } from "node:zlib";
import { sharp } from "../../bench/lib/sharp.ts";
import { writePdf } from "../ocr/bad-content-files.ts";

/**
 * One-page PDFs holding the same scan in each of the image forms real PDFs use
 * (scanners, img2pdf, Acrobat, archive software), built from a greyscale scan
 * at test time: JPEG 2000 needs `opj_compress` (Debian's libopenjp2-tools),
 * everything else is written here.
 */
export const PDF_IMAGE_FORMS = [
  "jpeg",
  "jpx",
  "jbig2",
  "ccitt",
  "cmyk-jpeg",
  "cmyk-flate",
  "indexed",
  "stencil-mask",
  "soft-mask",
  "colour-key-mask",
] as const;
export type PdfImageForm = (typeof PDF_IMAGE_FORMS)[number];

/** 8-bit grey pixels, one byte each, scanned at `dpi`. */
export type GreyScan = { pixels: Buffer; width: number; height: number; dpi: number };

/** The scan's image as PDF objects: the image itself (first) and what it refers to. */
type ImageObjects = { image: (id: (index: number) => number) => (string | Buffer)[]; paint: string };

/**
 * A poster's scan: `text` (a grey scan) in the middle of a white `width` x `height`
 * scan at `dpi`, its text as many pixels high as in `text`.
 */
export async function posterScan(text: GreyScan, width: number, height: number, dpi: number): Promise<GreyScan> {
  const left = Math.round((width - text.width) / 2);
  const top = Math.round((height - text.height) / 2);
  const pixels = await sharp({ create: { width, height, channels: 3, background: "white" } })
    .composite([{ input: text.pixels, raw: { width: text.width, height: text.height, channels: 1 }, left, top }])
    .greyscale()
    .raw()
    .toBuffer();
  return { pixels, width, height, dpi };
}

/** A PNG, JPEG or other file sharp reads, as a grey scan at `dpi`; only its `width` leftmost pixels when given. */
export async function readGreyScan(file: string, dpi: number, width?: number): Promise<GreyScan> {
  let image = sharp(file);
  if (width !== undefined) image = image.extract({ left: 0, top: 0, width, height: (await image.metadata()).height! });
  const { data, info } = await image.greyscale().raw().toBuffer({ resolveWithObject: true });
  return { pixels: data, width: info.width, height: info.height, dpi };
}

/**
 * A PDF of one page the size of the scan at its resolution, the scan drawn over
 * all of it in `form`. `cut` keeps only the first part of the image's stream
 * (its length and the file's structure stay right): the data is damaged.
 */
export async function writeImageFormPdf(form: PdfImageForm, scan: GreyScan, options: { cut?: number } = {}): Promise<Buffer> {
  const { image, paint } = await imageObjects(form, scan, options.cut);
  const [width, height] = [(scan.width / scan.dpi) * 72, (scan.height / scan.dpi) * 72];
  const content = `q ${width} 0 0 ${height} 0 0 cm ${paint} Q`;
  // 1 catalog, 2 pages, 3 page, 4 contents, 5 the image, 6... what it refers to.
  const objects: (string | Buffer)[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...image((index) => 5 + index),
  ];
  return writePdf(objects);
}

async function imageObjects(form: PdfImageForm, scan: GreyScan, cut: number | undefined): Promise<ImageObjects> {
  const { width, height } = scan;
  const size = `/Width ${width} /Height ${height}`;
  const draw = "/Im0 Do";
  const shorten = (data: Buffer) => (cut === undefined ? data : data.subarray(0, Math.floor(data.length * cut)));
  const single = (dict: string, data: Buffer): ImageObjects => ({ image: () => [stream(dict, shorten(data))], paint: draw });
  switch (form) {
    case "jpeg":
      return single(
        `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode`,
        // One component, as DeviceGray says: sharp makes raw grey input sRGB unless told otherwise.
        await sharp(scan.pixels, { raw: { width, height, channels: 1 } })
          .toColourspace("b-w")
          .jpeg({ quality: 90 })
          .toBuffer(),
      );
    case "jpx":
      // No /ColorSpace: a JPX image carries its own (as img2pdf writes it).
      return single(`/Type /XObject /Subtype /Image ${size} /Filter /JPXDecode`, await encodeJp2(scan));
    case "jbig2":
      return single(
        `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode`,
        jbig2Mmr(scan, await encodeGroup4(scan)),
      );
    case "ccitt":
      return single(
        `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns ${width} /Rows ${height} >>`,
        await encodeGroup4(scan),
      );
    case "cmyk-jpeg": {
      const jpeg = await sharp(scan.pixels, { raw: { width, height, channels: 1 } })
        .toColourspace("cmyk")
        .jpeg({ quality: 90 })
        .toBuffer();
      // sharp writes an Adobe CMYK JPEG, inverted, as Photoshop and Acrobat do: /Decode puts it right, as theirs do.
      return single(
        `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Decode [1 0 1 0 1 0 1 0] /Filter /DCTDecode`,
        jpeg,
      );
    }
    case "cmyk-flate": {
      // Rich black: the ink in all four plates, as a press-ready scan has it.
      const cmyk = Buffer.alloc(width * height * 4);
      scan.pixels.forEach((grey, i) => {
        const ink = 255 - grey;
        cmyk.fill(Math.round(ink * 0.4), i * 4, i * 4 + 3);
        cmyk[i * 4 + 3] = ink;
      });
      return single(
        `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /FlateDecode`,
        deflateSync(cmyk),
      );
    }
    case "indexed": {
      // 16 entries from dark blue ink to cream paper, 4 bits per pixel, as a palette-reduced scan.
      const palette = Buffer.alloc(16 * 3);
      for (let i = 0; i < 16; i += 1) palette.set([20 + i * 15, 30 + i * 14, 90 + i * 10], i * 3);
      const packed = packBits(scan, 4, (grey) => grey >> 4);
      const dict = `/Type /XObject /Subtype /Image ${size} /ColorSpace [/Indexed /DeviceRGB 15 <${palette.toString("hex")}>] /BitsPerComponent 4 /Filter /FlateDecode`;
      return single(dict, deflateSync(packed));
    }
    case "stencil-mask": {
      // The text as a 1-bit stencil painted in dark green over a tinted page, as mixed raster content (MRC) is.
      const mask = packBits(scan, 1, (grey) => (grey < 128 ? 0 : 1));
      return {
        image: () => [
          stream(
            `/Type /XObject /Subtype /Image ${size} /ImageMask true /BitsPerComponent 1 /Filter /FlateDecode`,
            shorten(deflateSync(mask)),
          ),
        ],
        paint: `0.96 0.93 0.82 rg 0 0 1 1 re f 0.05 0.2 0.1 rg ${draw}`,
      };
    }
    case "soft-mask": {
      // Black ink everywhere, shown where a soft mask (the ink's coverage) lets it through.
      const coverage = Buffer.from(scan.pixels.map((grey) => 255 - grey));
      return {
        image: (id) => [
          stream(
            `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray /BitsPerComponent 8 /SMask ${id(1)} 0 R /Filter /FlateDecode`,
            deflateSync(Buffer.alloc(width * height)),
          ),
          stream(
            `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`,
            shorten(deflateSync(coverage)),
          ),
        ],
        paint: draw,
      };
    }
    case "colour-key-mask":
      // Light pixels masked out by colour key: the (white) page shows through them.
      return single(
        `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray /BitsPerComponent 8 /Mask [200 255] /Filter /FlateDecode`,
        deflateSync(scan.pixels),
      );
  }
}

function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from("\nendstream")]);
}

/** Rows of `bits`-bit samples, each row starting on a byte, as PDF images are laid out. */
function packBits(scan: GreyScan, bits: 1 | 4, sample: (grey: number) => number): Buffer {
  const rowBytes = Math.ceil((scan.width * bits) / 8);
  const packed = Buffer.alloc(rowBytes * scan.height);
  const perByte = 8 / bits;
  for (let y = 0; y < scan.height; y += 1) {
    for (let x = 0; x < scan.width; x += 1) {
      const value = sample(scan.pixels[y * scan.width + x]!);
      const shift = 8 - bits * ((x % perByte) + 1);
      packed[y * rowBytes + Math.floor(x / perByte)]! |= value << shift;
    }
  }
  return packed;
}

/** The scan as a JP2 file (lossy, 20:1), by OpenJPEG's own encoder. */
async function encodeJp2(scan: GreyScan): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), "ocrflow-jp2-"));
  try {
    const pgm = path.join(dir, "scan.pgm");
    await writeFile(pgm, Buffer.concat([Buffer.from(`P5\n${scan.width} ${scan.height}\n255\n`), scan.pixels]));
    await promisify(execFile)("opj_compress", ["-i", pgm, "-o", path.join(dir, "scan.jp2"), "-r", "20"]);
    return await readFile(path.join(dir, "scan.jp2"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error("opj_compress is missing: apt-get install libopenjp2-tools (scripts/test.sh does)", { cause: error });
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The scan as CCITT Group 4 (T.6) data, black pixels coded as CCITT's black
 * runs: libtiff's encoder (in sharp) writes it as the TIFF's one strip.
 */
async function encodeGroup4(scan: GreyScan): Promise<Buffer> {
  const { width, height } = scan;
  const tiff = await sharp(scan.pixels, { raw: { width, height, channels: 1 } })
    .negate()
    .toColourspace("b-w")
    .threshold(128)
    .tiff({ compression: "ccittfax4", bitdepth: 1, tileHeight: height })
    .toBuffer();
  const strips = tiffTag(tiff, 273);
  const counts = tiffTag(tiff, 279);
  if (strips.length !== 1) throw new Error(`expected one strip, got ${strips.length}`);
  return tiff.subarray(strips[0], strips[0]! + counts[0]!);
}

/** The values of a tag of a little-endian TIFF's first directory (SHORT or LONG). */
function tiffTag(tiff: Buffer, tag: number): number[] {
  if (tiff.toString("latin1", 0, 2) !== "II") throw new Error("expected a little-endian TIFF");
  const ifd = tiff.readUInt32LE(4);
  const entries = tiff.readUInt16LE(ifd);
  for (let i = 0; i < entries; i += 1) {
    const at = ifd + 2 + i * 12;
    if (tiff.readUInt16LE(at) !== tag) continue;
    const [type, count] = [tiff.readUInt16LE(at + 2), tiff.readUInt32LE(at + 4)];
    const size = type === 3 ? 2 : 4;
    const from = count * size <= 4 ? at + 8 : tiff.readUInt32LE(at + 8);
    return Array.from({ length: count }, (_, k) => (size === 2 ? tiff.readUInt16LE(from + k * 2) : tiff.readUInt32LE(from + k * 4)));
  }
  throw new Error(`TIFF tag ${tag} not found`);
}

/**
 * A JBIG2 embedded stream (the PDF form: no file header): a page information
 * segment and one immediate lossless generic region coded with MMR, which is
 * Group 4 data; JBIG2 writes black as 1, as our Group 4 data has it.
 */
function jbig2Mmr(scan: GreyScan, group4: Buffer): Buffer {
  const segment = (number: number, type: number, data: Buffer) => {
    const header = Buffer.alloc(11);
    header.writeUInt32BE(number, 0);
    header[4] = type; // page association in one byte, not deferred
    header[5] = 0; // refers to no segment
    header[6] = 1; // page 1
    header.writeUInt32BE(data.length, 7);
    return Buffer.concat([header, data]);
  };
  const pageInfo = Buffer.alloc(19);
  pageInfo.writeUInt32BE(scan.width, 0);
  pageInfo.writeUInt32BE(scan.height, 4);
  const resolution = Math.round(scan.dpi / 0.0254);
  pageInfo.writeUInt32BE(resolution, 8);
  pageInfo.writeUInt32BE(resolution, 12);
  const region = Buffer.alloc(18);
  region.writeUInt32BE(scan.width, 0);
  region.writeUInt32BE(scan.height, 4);
  region[17] = 1; // generic region flags: MMR
  const PAGE_INFORMATION = 48;
  const IMMEDIATE_LOSSLESS_GENERIC_REGION = 39;
  const END_OF_PAGE = 49;
  return Buffer.concat([
    segment(0, PAGE_INFORMATION, pageInfo),
    segment(1, IMMEDIATE_LOSSLESS_GENERIC_REGION, Buffer.concat([region, group4])),
    segment(2, END_OF_PAGE, Buffer.alloc(0)),
  ]);
}
