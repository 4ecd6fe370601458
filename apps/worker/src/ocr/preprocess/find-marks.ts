/** An 8-bit single-channel image as raw pixels, row by row. */
export type GreyImage = { data: Uint8Array; width: number; height: number };

export type MarkCounts = {
  /** Dark blobs too small to be part of a letter at this resolution: dust, toner, scanner noise. */
  specks: number;
  /** Dark blobs large enough to be (part of) a character, rule or picture. */
  marks: number;
};

/**
 * Counts the dark connected blobs (8-connected, below `threshold`) by size.
 * A full stop at 10 pt and 300 dpi covers ~16 pixels, so blobs of up to
 * `maxSpeckArea` pixels are taken for noise. With `erase`, those specks are
 * painted white in `image.data`.
 */
export function countMarks(image: GreyImage, threshold: number, maxSpeckArea: number, erase = false): MarkCounts {
  const { data, width, height } = image;
  const seen = new Uint8Array(width * height);
  // The fill stack never holds more than the dark pixels: far fewer than the page's.
  let dark = 0;
  for (let i = 0; i < data.length; i += 1) if (data[i]! < threshold) dark += 1;
  const stack = new Int32Array(dark + 1);
  const blob = new Int32Array(maxSpeckArea + 1);
  let specks = 0;
  let marks = 0;
  for (let start = 0; start < data.length; start += 1) {
    if (seen[start] || data[start]! >= threshold) continue;
    let area = 0;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const at = stack[--top]!;
      if (area <= maxSpeckArea) blob[area] = at;
      area += 1;
      const x = at % width;
      const y = (at - x) / width;
      for (let dy = -1; dy <= 1; dy += 1) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx += 1) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const next = ny * width + nx;
          if (!seen[next] && data[next]! < threshold) {
            seen[next] = 1;
            stack[top++] = next;
          }
        }
      }
    }
    if (area > maxSpeckArea) {
      marks += 1;
      continue;
    }
    specks += 1;
    if (erase) for (let i = 0; i < area; i += 1) data[blob[i]!] = 255;
  }
  return { specks, marks };
}

/** Otsu's threshold: the grey level that best splits the histogram into ink and paper. */
export function otsuThreshold(data: Uint8Array): number {
  const histogram = greyHistogram(data);
  const total = data.length;
  let sumAll = 0;
  for (let level = 0; level < 256; level += 1) sumAll += level * histogram[level]!;
  let weightDark = 0;
  let sumDark = 0;
  let best = 128;
  let bestVariance = -1;
  for (let level = 0; level < 256; level += 1) {
    weightDark += histogram[level]!;
    if (weightDark === 0 || weightDark === total) continue;
    sumDark += level * histogram[level]!;
    const meanDark = sumDark / weightDark;
    const meanLight = (sumAll - sumDark) / (total - weightDark);
    const variance = weightDark * (total - weightDark) * (meanDark - meanLight) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = level + 1;
    }
  }
  return best;
}

/** Pixels per grey level. */
export function greyHistogram(data: Uint8Array): Uint32Array {
  // Four interleaved tables: on a page of mostly white paper, increments of one bin
  // back to back wait on each other; spread over four they do not.
  const tables = new Uint32Array(4 * 256);
  const whole = data.length - (data.length % 4);
  for (let i = 0; i < whole; i += 4) {
    tables[data[i]!]! += 1;
    tables[256 + data[i + 1]!]! += 1;
    tables[512 + data[i + 2]!]! += 1;
    tables[768 + data[i + 3]!]! += 1;
  }
  for (let i = whole; i < data.length; i += 1) tables[data[i]!]! += 1;
  const histogram = new Uint32Array(256);
  for (let level = 0; level < 256; level += 1) {
    histogram[level] = tables[level]! + tables[256 + level]! + tables[512 + level]! + tables[768 + level]!;
  }
  return histogram;
}
