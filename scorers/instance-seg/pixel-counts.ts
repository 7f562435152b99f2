// Foreground pixel counts: objects are disjoint on each side, so the foreground overlap is
// the sum of pairwise intersections.
import type { Counts } from "./instance-scorer";
import type { ImageOverlaps } from "./overlaps";

/** The keys of pixelCounts. */
export const PIXEL_COUNTS = ["intersection", "truePixels", "predPixels"] as const;

export function pixelCounts(overlaps: ImageOverlaps): Counts {
  const sumOf = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  return {
    intersection: overlaps.pairs.reduce((s, p) => s + p.intersection, 0),
    truePixels: sumOf(overlaps.trueArea),
    predPixels: sumOf(overlaps.predArea),
  };
}
