import { z } from "zod";
import { ZId, ZSlug } from "./common";

export const ZLeaderboardRequestSchema = z.object({
  challenge: ZSlug,
  phaseId: ZId.optional(),
  board: z.enum(["public", "private"]).default("public"),
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
  entries: z.array(ZLeaderboardEntryDtoSchema),
  /** The leading public score after each submission that changed it. */
  history: z.array(z.object({ at: z.date(), score: z.number(), participant: z.string() })),
});
export type LeaderboardDto = z.infer<typeof ZLeaderboardDtoSchema>;
