import { z } from "zod";
import { ZId, ZSlug } from "./common";

// A full board of thousands of participants is megabytes of JSON: boards are served a page at a time.
const DEFAULT_LEADERBOARD_PAGE_SIZE = 50;
const MAX_LEADERBOARD_PAGE_SIZE = 200;

export const ZLeaderboardRequestSchema = z.object({
  challenge: ZSlug,
  phaseId: ZId.optional(),
  board: z.enum(["public", "private"]).default("public"),
  /** 1-based; a page past the end is answered with no entries (and the total, to link back). */
  page: z.number().int().min(1, "page: must be 1 or more").max(1_000_000, "page: must be at most 1000000").default(1),
  pageSize: z.number().int().min(1, "pageSize: must be 1 or more").max(MAX_LEADERBOARD_PAGE_SIZE, `pageSize: must be at most ${MAX_LEADERBOARD_PAGE_SIZE}`).default(DEFAULT_LEADERBOARD_PAGE_SIZE),
});

const ZLeaderboardEntryDtoSchema = z.object({
  rank: z.number().int(),
  userId: z.string(),
  participant: z.string(),
  score: z.number(),
  submissionId: z.string(),
  /** When the submission holding the score was made (ties go to the earlier one). */
  scoredSubmissionAt: z.date(),
  submissions: z.number().int(),
  lastSubmissionAt: z.date(),
  isBaseline: z.boolean(),
  /** On a stage of committed models: the model run (its sha256) and when it was committed. */
  committedModel: z.object({ sha256: z.string(), committedAt: z.date() }).nullable(),
  /**
   * The entry's statistics from the board's last computation (null while the entry's
   * current submission has not been through one yet, or the metric has no per-image states).
   */
  stats: z
    .object({
      /** Bootstrap 95 % percentile interval of the score. */
      ci: z.tuple([z.number(), z.number()]),
      medianRank: z.number(),
      rankInterval: z.tuple([z.number(), z.number()]),
      /** Score per value of the condition column (absent: too few images of that value on this board). */
      conditions: z.record(z.string(), z.number()),
    })
    .nullable(),
  /** Private board only: the entry's rank on the public board and public − private score. */
  shift: z.object({ publicRank: z.number().int(), publicScore: z.number(), gap: z.number() }).nullable(),
  /** The scoring rule's further outputs on this board, by key (null: not computed for this submission). */
  columns: z.record(z.string(), z.number().nullable()),
});

const ZPairDtoSchema = z.object({ a: z.string(), b: z.string(), p: z.number(), pHolm: z.number(), significant: z.boolean() });

/** The board's uncertainty and rank stability, computed by the worker when a submission is scored. */
const ZBoardStatisticsDtoSchema = z.object({
  computedAt: z.date(),
  /** Images the statistics resample: the public images on the public board, the private ones on the private board. */
  images: z.number().int(),
  resamples: z.number().int(),
  seed: z.number().int(),
  alpha: z.number(),
  /** Which pairwise test the significance map shows. */
  test: z.enum(["wilcoxon", "paired-bootstrap"]),
  /** Median over resamples of Kendall's τ-b against the reported ranking. */
  kendallTau: z.number().nullable(),
  /** The leader and those not distinguishable from it (participant names), best first. */
  tiedWithLeader: z.array(z.string()),
  /** The top entries, best first: intervals for the chart, per-condition scores. */
  top: z.array(
    z.object({ participant: z.string(), score: z.number(), ci: z.tuple([z.number(), z.number()]), isBaseline: z.boolean(), conditions: z.record(z.string(), z.number()) }),
  ),
  /** Blob plot: counts[i][j] = resamples that ranked participants[i] at rank j + 1. */
  rankFrequencies: z.object({ participants: z.array(z.string()), resamples: z.number().int(), counts: z.array(z.array(z.number().int())) }),
  /** Every tested pair (a ranked above b) among the top entries; the significance map. */
  pairs: z.array(ZPairDtoSchema),
  /** The descriptive metadata column the per-condition scores are split by, and its values shown (with image counts when the viewer may know them). */
  conditions: z.object({ column: z.string(), values: z.array(z.object({ value: z.string(), images: z.number().int().nullable() })) }).nullable(),
});
export type BoardStatisticsDto = z.infer<typeof ZBoardStatisticsDtoSchema>;

/** After the phase: how the public ranking compares with the private one. */
const ZRankShiftDtoSchema = z.object({
  /** Kendall's τ-b between the public and the private ranking of the same entries. */
  kendallTau: z.number().nullable(),
  /** Best private first (top 20): for the bump chart. */
  entries: z.array(z.object({ participant: z.string(), publicRank: z.number().int(), privateRank: z.number().int(), gap: z.number() })),
  /** Mean public − private score over all entries. */
  meanGap: z.number(),
});
export type RankShiftDto = z.infer<typeof ZRankShiftDtoSchema>;

export const ZLeaderboardDtoSchema = z.object({
  phaseId: z.string(),
  phaseName: z.string(),
  board: z.enum(["public", "private"]),
  /** Whether the viewer may see the private board now. */
  privateAvailable: z.boolean(),
  /** When the private board opens to everyone: once every phase on this test set has closed. */
  revealAt: z.date().nullable(),
  metricId: z.string(),
  higherIsBetter: z.boolean(),
  /** The label of the output the scoring rule ranks by. */
  rankedBy: z.string(),
  /** How the scoring rule breaks ties: "shared-rank" gives equal scores the same rank. */
  tieBreak: z.enum(["earlier-submission", "shared-rank"]),
  /** The scoring rule's further output columns, in order. */
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  /** The requested page of the board; ranks are global (rank 51 opens page 2 of 50). */
  entries: z.array(ZLeaderboardEntryDtoSchema),
  /** Entries on the whole board. */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The signed-in viewer's own row when it is on the board but not on this page; null otherwise. */
  viewerEntry: ZLeaderboardEntryDtoSchema.nullable(),
  /** The leading public score after each submission that changed it. */
  history: z.array(z.object({ at: z.date(), score: z.number(), participant: z.string() })),
  /** Null until the worker has computed them, or when the metric has no per-image states. */
  statistics: ZBoardStatisticsDtoSchema.nullable(),
  /** Private board only. */
  shift: ZRankShiftDtoSchema.nullable(),
  /** Whether this phase's public board is guarded by the Ladder (scores shown only when they improve significantly). */
  ladder: z.boolean(),
  /** The host marked this stage's board as the challenge's final one. */
  isFinal: z.boolean(),
  /** Only models committed in the phase before entered this board (run by the platform). */
  committedModels: z.boolean(),
});
export type LeaderboardDto = z.infer<typeof ZLeaderboardDtoSchema>;
