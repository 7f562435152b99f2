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
});

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
});
export type LeaderboardDto = z.infer<typeof ZLeaderboardDtoSchema>;
