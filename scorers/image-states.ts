// Per-image mergeable states (ImageStates in types.ts) of metrics that are a mean of a score
// every image has. Shared by the scorer families; pooled and per-class states are built by
// each family from its own counts.
import type { ImageStates, SubsetUsage } from "./types";

/**
 * The fields of a plain mean over images. The server reads exactly these as "the metric is a
 * mean of per-image scores" (and then compares entries image by image), so only a metric
 * that gives every image a score may use them.
 */
export const MEAN_FIELDS = ["score"] as const;

/** States of a plain mean: each image's own score. */
export function meanImageStates(rows: ReadonlyArray<{ id: string; usage: SubsetUsage | null; score: number }>): ImageStates {
  return { fields: [...MEAN_FIELDS], items: rows.map(({ id, usage, score }) => ({ id, usage, state: [score] })) };
}

/** The mean from summed MEAN_FIELDS states; 0 over no images, where a mean has no value (each README says so). */
export function meanOfStates(sums: Float64Array, images: number): number {
  return images === 0 ? 0 : (sums[0] ?? 0) / images;
}
