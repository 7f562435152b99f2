// Jaccard index (pixel IoU) of the foreground masks: |A∩B| / |A∪B|.
import { z } from "zod";
import { instanceScorer, ZAggregate, ZMaxObjects } from "../instance-seg/instance-scorer";
import { PIXEL_COUNTS, pixelCounts } from "../instance-seg/pixel-counts";

const ZParams = z.object({ aggregate: ZAggregate.default("image"), maxObjectsPerImage: ZMaxObjects }).strict();

export const jaccard = instanceScorer({
  id: "jaccard",
  version: "1.3.0",
  title: "Jaccard index of foreground pixels",
  paramsSchema: ZParams,
  outputs: [{ key: "score", label: "Jaccard", higherIsBetter: true, range: [0, 1] }],
  count: pixelCounts,
  counts: PIXEL_COUNTS,
  formula: ({ intersection = 0, truePixels = 0, predPixels = 0 }) => {
    const union = truePixels + predPixels - intersection;
    return { score: union === 0 ? 1 : intersection / union };
  },
  scoresEveryImage: true,
});
