// Cell Tracking Challenge SEG: a reference object R is matched by the predicted S with
// |R ∩ S| > 0.5·|R| (at most one can be); SEG = mean Jaccard over reference objects, 0 for
// unmatched ones. Images without reference objects do not contribute.
import { z } from "zod";
import { instanceScorer, ZAggregate, ZMaxObjects } from "../instance-seg/instance-scorer";
import { unionOf } from "../instance-seg/overlaps";

const ZParams = z.object({ aggregate: ZAggregate.default("pooled"), maxObjectsPerImage: ZMaxObjects }).strict();

export const ctcSeg = instanceScorer({
  id: "ctc-seg",
  version: "1.3.0",
  title: "Cell Tracking Challenge SEG (mean Jaccard of reference objects)",
  paramsSchema: ZParams,
  outputs: [{ key: "score", label: "SEG", higherIsBetter: true, range: [0, 1] }],
  counts: ["references", "jaccardSum"],
  count(overlaps) {
    let jaccardSum = 0;
    for (const pair of overlaps.pairs) {
      if (2 * pair.intersection > (overlaps.trueArea[pair.truth] ?? 0)) jaccardSum += pair.intersection / unionOf(overlaps, pair);
    }
    return { references: overlaps.nTrue, jaccardSum };
  },
  formula: ({ references = 0, jaccardSum = 0 }) => (references === 0 ? null : { score: jaccardSum / references }),
  // An image without reference objects has no SEG of its own.
  scoresEveryImage: false,
});
