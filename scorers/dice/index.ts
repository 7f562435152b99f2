// Dice coefficient of the foreground masks (all objects together): 2|A∩B| / (|A| + |B|).
import { z } from "zod";
import { instanceScorer, ZAggregate, ZMaxObjects } from "../instance-seg/instance-scorer";
import { PIXEL_COUNTS, pixelCounts } from "../instance-seg/pixel-counts";

const ZParams = z.object({ aggregate: ZAggregate.default("image"), maxObjectsPerImage: ZMaxObjects }).strict();

export const dice = instanceScorer({
  id: "dice",
  version: "1.3.0",
  title: "Dice coefficient of foreground pixels",
  paramsSchema: ZParams,
  outputs: [{ key: "score", label: "Dice", higherIsBetter: true, range: [0, 1] }],
  count: pixelCounts,
  counts: PIXEL_COUNTS,
  formula: ({ intersection = 0, truePixels = 0, predPixels = 0 }) => ({
    score: truePixels + predPixels === 0 ? 1 : (2 * intersection) / (truePixels + predPixels),
  }),
  scoresEveryImage: true,
});
