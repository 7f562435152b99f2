// Counts shared by f1-at-iou and ap-at-iou: TP / FP / FN after one-to-one matching at IoU >= t.
import { z } from "zod";
import { ZAggregate, ZMaxObjects, ZThreshold, type Counts } from "./instance-scorer";
import { matchObjects, thresholdSteps } from "./matching";
import type { ImageOverlaps } from "./overlaps";

export const ZMatchingParams = z
  .object({
    threshold: ZThreshold.default(0.5),
    /** "pooled" sums TP/FP/FN over all images (StarDist); "image" averages per-image scores (Kaggle). */
    aggregate: ZAggregate.default("pooled"),
    maxObjectsPerImage: ZMaxObjects,
  })
  .strict();
export type MatchingParams = z.infer<typeof ZMatchingParams>;

/** The keys of matchingCounts. */
export const MATCHING_COUNTS = ["tp", "fp", "fn"] as const;

export function matchingCounts(overlaps: ImageOverlaps, params: MatchingParams): Counts {
  const tp = matchObjects(overlaps, thresholdSteps(params.threshold), true).length;
  return { tp, fp: overlaps.nPred - tp, fn: overlaps.nTrue - tp };
}
