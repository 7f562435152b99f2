// Panoptic quality (Kirillov et al. 2019) for one "thing" class: matches at IoU > 0.5,
// PQ = Σ IoU(matches) / (TP + FP/2 + FN/2) = SQ · RQ.
import { z } from "zod";
import { instanceScorer, ZAggregate, ZMaxObjects } from "../instance-seg/instance-scorer";
import { matchObjects, THRESHOLD_SCALE } from "../instance-seg/matching";

const ZParams = z.object({ aggregate: ZAggregate.default("pooled"), maxObjectsPerImage: ZMaxObjects }).strict();

export const panopticQuality = instanceScorer({
  id: "panoptic-quality",
  version: "1.3.0",
  title: "Panoptic quality (matches at IoU > 0.5)",
  paramsSchema: ZParams,
  outputs: [
    { key: "score", label: "PQ", higherIsBetter: true, range: [0, 1] },
    { key: "sq", label: "segmentation quality", higherIsBetter: true, range: [0, 1] },
    { key: "rq", label: "recognition quality", higherIsBetter: true, range: [0, 1] },
  ],
  counts: ["tp", "fp", "fn", "iouSum"],
  count(overlaps) {
    const matches = matchObjects(overlaps, THRESHOLD_SCALE / 2, false);
    const iouSum = matches.reduce((s, m) => s + m.intersection / m.union, 0);
    return { tp: matches.length, fp: overlaps.nPred - matches.length, fn: overlaps.nTrue - matches.length, iouSum };
  },
  formula({ tp = 0, fp = 0, fn = 0, iouSum = 0 }) {
    if (tp + fp + fn === 0) return { score: 1, outputs: { sq: 1, rq: 1 } };
    const rq = tp / (tp + fp / 2 + fn / 2);
    const sq = tp === 0 ? 0 : iouSum / tp;
    return { score: iouSum / (tp + fp / 2 + fn / 2), outputs: { sq, rq } };
  },
  scoresEveryImage: true,
});
