// Where the model input windows go on an image, and which part of each window's output is
// kept. Dynamic contracts get one window (the image padded to the stride); fixed contracts
// get overlapping tiles whose seams sit in the middle of each overlap, so every kept pixel
// is at least `overlap` pixels from a tile edge (except at the image border).
import type { SegmentationContract } from "./model-contract";

interface AxisSpan {
  /** First image coordinate of the window (windows may run past the image; see extractWindow). */
  start: number;
  /** Image coordinates [keepFrom, keepTo) this window is responsible for. */
  keepFrom: number;
  keepTo: number;
}

export interface Tile {
  y: AxisSpan;
  x: AxisSpan;
}

export interface TilePlan {
  /** Model input height and width of every window. */
  windowHeight: number;
  windowWidth: number;
  tiles: Tile[];
}

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/** Windows of `window` pixels along an axis of `length`, overlapping by at least 2 × overlap. */
function axisSpans(length: number, window: number, overlap: number): AxisSpan[] {
  if (length <= window) return [{ start: 0, keepFrom: 0, keepTo: length }];
  const step = window - 2 * overlap;
  const starts: number[] = [];
  for (let s = 0; s + window < length; s += step) starts.push(s);
  starts.push(length - window);
  return starts.map((start, i) => {
    const previous = starts[i - 1];
    const next = starts[i + 1];
    // The seam between two windows is the middle of their overlap.
    const keepFrom = previous === undefined ? 0 : Math.floor((previous + window + start) / 2);
    const keepTo = next === undefined ? length : Math.floor((start + window + next) / 2);
    return { start, keepFrom, keepTo };
  });
}

export function planTiles(height: number, width: number, size: SegmentationContract["size"]): TilePlan {
  if (size.kind === "dynamic") {
    return {
      windowHeight: roundUp(height, size.stride),
      windowWidth: roundUp(width, size.stride),
      tiles: [{ y: { start: 0, keepFrom: 0, keepTo: height }, x: { start: 0, keepFrom: 0, keepTo: width } }],
    };
  }
  const ys = axisSpans(height, size.height, size.overlap);
  const xs = axisSpans(width, size.width, size.overlap);
  return { windowHeight: size.height, windowWidth: size.width, tiles: ys.flatMap((y) => xs.map((x) => ({ y, x }))) };
}

/**
 * Copies a window of C planes (C × height × width, row-major) into `out` at `offset`,
 * replicating edge pixels where the window runs past the image: edge padding does not
 * invent dark borders on bright-background images the way zero padding does.
 */
export function extractWindow(
  planes: Float32Array,
  channels: number,
  height: number,
  width: number,
  tile: Tile,
  windowHeight: number,
  windowWidth: number,
  out: Float32Array,
  offset: number,
): void {
  for (let c = 0; c < channels; c++) {
    const plane = c * height * width;
    const target = offset + c * windowHeight * windowWidth;
    for (let wy = 0; wy < windowHeight; wy++) {
      const sy = Math.min(height - 1, Math.max(0, tile.y.start + wy));
      const row = plane + sy * width;
      const targetRow = target + wy * windowWidth;
      const inside = Math.max(0, Math.min(windowWidth, width - tile.x.start));
      if (tile.x.start >= 0 && inside > 0) {
        out.set(planes.subarray(row + tile.x.start, row + tile.x.start + inside), targetRow);
        const edge = planes[row + width - 1] ?? 0;
        out.fill(edge, targetRow + inside, targetRow + windowWidth);
      } else {
        for (let wx = 0; wx < windowWidth; wx++) {
          out[targetRow + wx] = planes[row + Math.min(width - 1, Math.max(0, tile.x.start + wx))] ?? 0;
        }
      }
    }
  }
}
