// A board's statistics as the worker stores them (BoardStatistics.statistics, JSON) and the
// site reads them back. Entries are named by user id: names can change after the computation.
import { z } from "zod";

const ZInterval = z.tuple([z.number(), z.number()]);

export const ZStoredBoardStatistics = z.object({
  images: z.number().int(),
  resamples: z.number().int(),
  seed: z.number().int(),
  alpha: z.number(),
  test: z.enum(["wilcoxon", "paired-bootstrap"]),
  kendallTau: z.number().nullable(),
  tiedWithLeader: z.array(z.string()),
  /** Best first. */
  entries: z.array(
    z.object({
      userId: z.string(),
      /** The submission the numbers are of: a row whose current best is another shows none. */
      submissionId: z.string(),
      score: z.number(),
      ci: ZInterval,
      rank: z.number().int(),
      medianRank: z.number(),
      rankInterval: ZInterval,
      conditions: z.record(z.string(), z.number()),
    }),
  ),
  rankFrequencies: z.object({ userIds: z.array(z.string()), resamples: z.number().int(), counts: z.array(z.array(z.number().int())) }),
  pairs: z.array(z.object({ a: z.string(), b: z.string(), p: z.number(), pHolm: z.number(), significant: z.boolean() })),
  conditions: z.object({ column: z.string(), values: z.array(z.object({ value: z.string(), images: z.number().int() })) }).nullable(),
});
export type StoredBoardStatistics = z.infer<typeof ZStoredBoardStatistics>;
