// F1 of one-to-one matches at IoU >= t: 2TP / (2TP + FP + FN).
import { instanceScorer } from "../instance-seg/instance-scorer";
import { MATCHING_COUNTS, matchingCounts, ZMatchingParams } from "../instance-seg/matching-metrics";

export const f1AtIou = instanceScorer({
  id: "f1-at-iou",
  version: "1.3.0",
  title: "F1 of matched objects at an IoU threshold",
  paramsSchema: ZMatchingParams,
  outputs: [{ key: "score", label: "F1", higherIsBetter: true, range: [0, 1] }],
  count: matchingCounts,
  counts: MATCHING_COUNTS,
  formula: ({ tp = 0, fp = 0, fn = 0 }) => ({ score: tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn) }),
  scoresEveryImage: true,
});
