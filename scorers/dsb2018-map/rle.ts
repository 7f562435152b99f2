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
