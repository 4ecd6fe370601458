import { sharp } from "../../bench/lib/sharp.ts";
import { describe, expect, it } from "vitest";
import { encodeGreyPng } from "../../apps/worker/src/ocr/pdf/encode-grey-png.mjs";
import { greyHistogram } from "../../apps/worker/src/ocr/preprocess/find-marks.ts";
import { median3x3 } from "../../apps/worker/src/ocr/preprocess/median-filter.ts";

/** Paper with grain and dark specks, the same for every run (a linear congruential generator). */
function speckledPage(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height);
  let seed = 12345;
  for (let i = 0; i < data.length; i += 1) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    data[i] = seed % 9 === 0 ? seed % 120 : 200 + (seed % 56);
  }
  return data;
}

async function sharpMedian(data: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const out = await sharp(data, { raw: { width, height, channels: 1 } })
    .median(3)
    .toColourspace("b-w")
    .raw()
    .toBuffer();
  return new Uint8Array(out);
}

describe("median3x3", () => {
  it.each([
    [64, 48],
    [7, 3],
    [3, 3],
    [3, 11],
  ])("gives what sharp's median(3) gives on a %i x %i speckled page, edges included", async (width, height) => {
    const data = speckledPage(width, height);
    const filtered = median3x3({ data, width, height });
    expect(filtered.width).toBe(width);
    expect(filtered.height).toBe(height);
    expect(filtered.data).toEqual(await sharpMedian(data, width, height));
  });

  it("removes a lone dark speck and leaves the input untouched", () => {
    const data = new Uint8Array(25).fill(255);
    data[12] = 0;
    const filtered = median3x3({ data, width: 5, height: 5 });
    expect([...filtered.data].every((level) => level === 255)).toBe(true);
    expect(data[12]).toBe(0);
  });
});

describe("greyHistogram", () => {
  it("counts the pixels of every grey level, whatever the length", () => {
    for (const length of [0, 1, 3, 4, 1001]) {
      const data = speckledPage(length, 1);
      const expected = new Uint32Array(256);
      for (const level of data) expected[level]! += 1;
      expect(greyHistogram(data)).toEqual(expected);
    }
  });
});

describe("encodeGreyPng", () => {
  const width = 13;
  const height = 7;
  const grey = speckledPage(width, height);
  const rgba = new Uint8Array(width * height * 4);
  for (const [i, level] of grey.entries()) rgba.set([level, level, level, 255], i * 4);

  it("encodes an opaque grey RGBA page as an 8-bit greyscale PNG of the same pixels", async () => {
    const png = encodeGreyPng(rgba, width, height);
    expect(png).toBeDefined();
    expect(await sharp(png!).metadata()).toMatchObject({ format: "png", width, height, channels: 1, depth: "uchar" });
    const data = await sharp(png!).toColourspace("b-w").raw().toBuffer();
    expect(new Uint8Array(data)).toEqual(grey);
  });

  it("declines a page with a coloured pixel, and one with a see-through pixel", () => {
    const coloured = rgba.slice();
    coloured[4 * 20 + 1] = (coloured[4 * 20]! + 1) % 256;
    expect(encodeGreyPng(coloured, width, height)).toBeUndefined();
    const translucent = rgba.slice();
    translucent[4 * 50 + 3] = 128;
    expect(encodeGreyPng(translucent, width, height)).toBeUndefined();
  });
});
