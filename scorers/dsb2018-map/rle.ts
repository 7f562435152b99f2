// Kaggle DSB 2018 run-length encoding: 1-based pixel numbers counted top-to-bottom,
// then left-to-right (column-major), as space-separated "start length" pairs.

/**
 * Encode one instance of a row-major label image (index = y * width + x) as RLE.
 * Returns "" when the label does not occur.
 */
export function encodeInstanceRle(
  labels: ArrayLike<number>,
  width: number,
  height: number,
  label: number,
): string {
  const parts: number[] = [];
  let runStart = -1;
  let runLength = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const inside = labels[y * width + x] === label;
      const pixel = x * height + y + 1;
      if (inside) {
        if (runLength === 0) runStart = pixel;
        runLength++;
      } else if (runLength > 0) {
        parts.push(runStart, runLength);
        runLength = 0;
      }
    }
  }
  if (runLength > 0) parts.push(runStart, runLength);
  return parts.join(" ");
}

export type ParsedRuns = { ok: true; starts: number[]; lengths: number[] } | { ok: false; message: string };

/**
 * Parses and validates one object's RLE against an image of `pixelCount` pixels. Messages
 * never mention the image size (that is hidden truth).
 */
export function parseRle(encoded: string, pixelCount: number): ParsedRuns {
  const tokens = encoded.trim().split(/\s+/);
  if (tokens.length % 2 !== 0) {
    return { ok: false, message: `EncodedPixels has an odd number of values (${tokens.length}); it must be "start length" pairs` };
  }
  const starts: number[] = [];
  const lengths: number[] = [];
  let previousEnd = 0; // 1-based last pixel of the previous run
  for (let i = 0; i < tokens.length; i += 2) {
    const startToken = tokens[i] ?? "";
    const lengthToken = tokens[i + 1] ?? "";
    const pair = i / 2 + 1;
    if (!/^\d+$/.test(startToken) || !/^\d+$/.test(lengthToken)) {
      return { ok: false, message: `run ${pair} ("${startToken} ${lengthToken}") is not two positive integers` };
    }
    const start = Number(startToken);
    const length = Number(lengthToken);
    if (start < 1 || length < 1) {
      return { ok: false, message: `run ${pair} ("${startToken} ${lengthToken}") has a zero value; pixels are numbered from 1 and runs are at least 1 long` };
    }
    if (start <= previousEnd) {
      return { ok: false, message: `run ${pair} starts at pixel ${start}, not after the end of the previous run (${previousEnd}); starts must increase and runs must not overlap` };
    }
    if (start === previousEnd + 1 && i > 0) {
      return { ok: false, message: `run ${pair} starts right where the previous run ends (pixel ${start}); merge touching runs into one` };
    }
    const end = start + length - 1;
    if (end > pixelCount) {
      return { ok: false, message: `run ${pair} ("${startToken} ${lengthToken}") goes past the end of the image` };
    }
    starts.push(start);
    lengths.push(length);
    previousEnd = end;
  }
  return { ok: true, starts, lengths };
}
