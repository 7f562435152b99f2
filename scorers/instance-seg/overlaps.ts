// Per-image overlap table between true and predicted objects, from runs alone: the sorted
// run lists of both sides are swept together, so the cost is O(runs), not O(pixels).
import type { Parsed } from "../types";
import type { PredictedObject, TruthImage } from "./instance-csv";
import { areasOf, findOverlap, sortRuns } from "./runs";

export interface OverlapPair {
  /** Predicted object index (0-based) and true object index (0-based). */
  pred: number;
  truth: number;
  intersection: number;
}

export interface ImageOverlaps {
  nTrue: number;
  nPred: number;
  /** Pixel counts, indexed by object index (0-based). */
  trueArea: Float64Array;
  predArea: Float64Array;
  /** Every pair with a non-empty intersection. */
  pairs: OverlapPair[];
}

/** The overlap table, or the rejection when two predicted objects of the image overlap. */
export function imageOverlaps(imageId: string, image: TruthImage, predicted: readonly PredictedObject[]): Parsed<ImageOverlaps> {
  const nTrue = image.objects.length;
  const nPred = predicted.length;
  const predRuns = sortRuns(predicted.map((p) => p.runs));
  const overlap = findOverlap(predRuns);
  if (overlap) {
    const [a, b] = overlap.map((label) => predicted[label - 1]?.line ?? 0).sort((x, y) => x - y) as [number, number];
    return {
      ok: false,
      error: { message: `This object overlaps the object on line ${a} of the same image; predicted objects must not overlap.`, line: b, imageId },
    };
  }
  const truthRuns = image.sorted ?? sortRuns(image.objects);
  const trueArea = (image.areas ?? areasOf(image.objects)).subarray(1);
  const predArea = areasOf(predicted.map((p) => p.runs)).subarray(1);

  const intersections = new Map<number, number>();
  let i = 0;
  let j = 0;
  const nt = truthRuns.starts.length;
  const np = predRuns.starts.length;
  while (i < nt && j < np) {
    const tEnd = truthRuns.ends[i] ?? 0;
    const pEnd = predRuns.ends[j] ?? 0;
    const from = Math.max(truthRuns.starts[i] ?? 0, predRuns.starts[j] ?? 0);
    const to = Math.min(tEnd, pEnd);
    if (from < to) {
      const key = ((predRuns.labels[j] ?? 1) - 1) * nTrue + ((truthRuns.labels[i] ?? 1) - 1);
      intersections.set(key, (intersections.get(key) ?? 0) + (to - from));
    }
    if (tEnd < pEnd) i++;
    else j++;
  }
  const pairs: OverlapPair[] = [];
  for (const [key, intersection] of intersections) {
    const pred = Math.floor(key / nTrue);
    pairs.push({ pred, truth: key - pred * nTrue, intersection });
  }
  return { ok: true, value: { nTrue, nPred, trueArea, predArea, pairs } };
}

export function unionOf(overlaps: ImageOverlaps, pair: OverlapPair): number {
  return (overlaps.predArea[pair.pred] ?? 0) + (overlaps.trueArea[pair.truth] ?? 0) - pair.intersection;
}
