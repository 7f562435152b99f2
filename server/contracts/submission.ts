import { z } from "zod";
import { zFilename, ZId, ZSlug, ZSubmissionKind, ZSubmissionStatus, zText } from "./common";

/** The JSON header at the front of an upload (see server/contracts/upload-frame.ts). */
export const ZSubmissionUploadHeaderSchema = z.object({
  challenge: ZSlug,
  phaseId: ZId.optional(),
  kind: ZSubmissionKind.default("prediction_csv"),
  filename: zFilename(),
  /** What this submission is, in the participant's words (Kaggle's -m). */
  message: zText({ trim: true, max: 500 }).optional(),
});

const ZItemScoreDtoSchema = z.object({
  id: z.string(),
  usage: z.enum(["Public", "Private", "Validation"]).nullable(),
  score: z.number(),
  values: z.record(z.string(), z.number()).optional(),
});

const ZClassScoreDtoSchema = z.object({
  classId: z.number(),
  name: z.string(),
  f1: z.number(),
  precision: z.number(),
  recall: z.number(),
  support: z.number(),
});

/**
 * Breakdowns of a score, as far as the viewer may see them (server/services/disclosure):
 * while a phase runs, participants get aggregates over public images only.
 */
const ZScoreBreakdownDtoSchema = z.object({
  /** Which test images the aggregates cover. */
  scope: z.enum(["public", "all"]),
  perThreshold: z.array(z.object({ threshold: z.number(), value: z.number() })),
  /** Mean score per value of the dataset's descriptive condition column; `images` only once revealed. */
  perCondition: z
    .object({ column: z.string(), rows: z.array(z.object({ value: z.string(), score: z.number(), images: z.number().nullable() })) })
    .nullable(),
  perClass: z.array(ZClassScoreDtoSchema),
  /** Per-image (or per-sample) rows of test images: hosts, and everyone once the test set is revealed. */
  perItem: z.array(ZItemScoreDtoSchema),
  /**
   * The host-chosen validation images (outside the test set, so not in any score): their
   * score, breakdowns and per-image rows, for everyone at any time. Null without any.
   */
  validation: z
    .object({
      score: z.number(),
      perThreshold: z.array(z.object({ threshold: z.number(), value: z.number() })),
      perClass: z.array(ZClassScoreDtoSchema),
      perItem: z.array(ZItemScoreDtoSchema),
    })
    .nullable(),
});
export type ScoreBreakdownDto = z.infer<typeof ZScoreBreakdownDtoSchema>;

export const ZSubmissionDtoSchema = z.object({
  id: z.string(),
  challengeSlug: z.string(),
  challengeTitle: z.string(),
  phaseId: z.string(),
  phaseName: z.string(),
  userName: z.string(),
  kind: ZSubmissionKind,
  filename: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  status: ZSubmissionStatus,
  failureKind: z.enum(["rejected", "error"]).nullable(),
  errorMessage: z.string().nullable(),
  publicScore: z.number().nullable(),
  /** The phase's Ladder hides exact public scores from this viewer: publicScore is what the board showed after this submission. */
  ladder: z.boolean(),
  /** null unless the phase has ended or the viewer hosts the challenge. */
  privateScore: z.number().nullable(),
  privateRevealed: z.boolean(),
  metricId: z.string(),
  higherIsBetter: z.boolean(),
  /** Chosen by its participant for the private board (the viewer's own submissions only). */
  chosen: z.boolean(),
  /** The participant's note on the submission. */
  message: z.string().nullable(),
  /** An ONNX model its participant committed for the next stage. */
  committed: z.boolean(),
  /** A team's submission: the member who made it (null: not a team's, or made before the team). */
  submittedBy: z.string().nullable(),
  /** A run of a committed model in a later stage: that model's sha256 and when it was committed. */
  committedModel: z.object({ sha256: z.string(), committedAt: z.date() }).nullable(),
  /** The challenge's scoring rule version the score was computed under (null: not scored). */
  scoringRuleVersion: z.number().int().nullable(),
  /** The challenge's scoring rule version now: a lower one above means the score predates a rule change. */
  currentRuleVersion: z.number().int(),
  /** When private scores and per-image results of this test set are revealed to participants (null: no phase uses it). */
  revealAt: z.date().nullable(),
  breakdown: ZScoreBreakdownDtoSchema,
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  scoringMs: z.number().nullable(),
  isBaseline: z.boolean(),
  /** ONNX models: how fast the platform ran it over the hidden test images. */
  model: z.object({ images: z.number(), inferenceMs: z.number(), loopMs: z.number(), imagesPerSecond: z.number() }).nullable(),
});
export type SubmissionDto = z.infer<typeof ZSubmissionDtoSchema>;

export const ZSubmissionListItemDtoSchema = ZSubmissionDtoSchema.pick({
  id: true,
  phaseId: true,
  phaseName: true,
  kind: true,
  filename: true,
  status: true,
  failureKind: true,
  errorMessage: true,
  publicScore: true,
  ladder: true,
  privateScore: true,
  chosen: true,
  message: true,
  committed: true,
  committedModel: true,
  submittedBy: true,
  createdAt: true,
  finishedAt: true,
});
export type SubmissionListItemDto = z.infer<typeof ZSubmissionListItemDtoSchema>;

export const ZCreateSubmissionResponseSchema = z.object({
  id: z.string(),
  status: ZSubmissionStatus,
  sizeBytes: z.number(),
  sha256: z.string(),
});

export const ZQuotaDtoSchema = z.object({
  phaseId: z.string(),
  phaseName: z.string(),
  phaseState: z.enum(["upcoming", "open", "closed"]),
  dailyQuota: z.number(),
  totalQuota: z.number(),
  usedToday: z.number(),
  usedTotal: z.number(),
  remainingToday: z.number(),
  remainingTotal: z.number(),
  /** When the daily quota resets (next UTC midnight). */
  resetsAt: z.date(),
  /** Final submissions for the private board: how many chosen, how many allowed, until when. */
  finalChoices: z.object({ chosen: z.number().int(), limit: z.number().int(), closesAt: z.date() }),
  /** The later stage that runs a model committed in this phase (null: none does). */
  commitsFor: z.string().nullable(),
  /** This phase takes no uploads: it runs the models committed in the phase before. */
  committedModels: z.boolean(),
});
export type QuotaDto = z.infer<typeof ZQuotaDtoSchema>;

export const ZMineRequestSchema = z.object({ challenge: ZSlug });
/** Choose a scored submission for the private board (true), or take the choice back (false). */
export const ZChooseFinalRequestSchema = z.object({ id: ZId, chosen: z.boolean() });
export const ZChooseFinalResponseSchema = z.object({ chosen: z.number().int(), limit: z.number().int(), closesAt: z.date() });
export type ChooseFinalResponse = z.infer<typeof ZChooseFinalResponseSchema>;
export const ZCommitModelRequestSchema = z.object({ id: ZId, committed: z.boolean() });
export const ZByIdRequestSchema = z.object({ id: ZId });
export const ZRescorePhaseRequestSchema = z.object({ phaseId: ZId });
export const ZRescorePhaseResponseSchema = z.object({ requeued: z.number() });
