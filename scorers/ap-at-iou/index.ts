// "AP" at one IoU threshold as the DSB and StarDist ("accuracy") define it: TP / (TP + FP + FN).
import { instanceScorer } from "../instance-seg/instance-scorer";
import { MATCHING_COUNTS, matchingCounts, ZMatchingParams } from "../instance-seg/matching-metrics";

export const apAtIou = instanceScorer({
  id: "ap-at-iou",
  version: "1.3.0",
  title: "Average precision TP/(TP+FP+FN) at an IoU threshold",
  paramsSchema: ZMatchingParams,
  outputs: [{ key: "score", label: "AP", higherIsBetter: true, range: [0, 1] }],
  count: matchingCounts,
  counts: MATCHING_COUNTS,
  formula: ({ tp = 0, fp = 0, fn = 0 }) => ({ score: tp + fp + fn === 0 ? 1 : tp / (tp + fp + fn) }),
  scoresEveryImage: true,
});
