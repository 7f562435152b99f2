// Custom scorers written by hosts (scorers/CUSTOM-SCORERS.md): upload (tried in the sandbox at
// once), list, and make live on the challenge. Known answers travel as text: they are
// prediction files of the challenge's own format, small by design.
import { z } from "zod";
import { ZUpdateScoringRuleResponseSchema } from "./scoring-rule";
import { ZCustomScorerOutputSchema, ZCustomScorerParamSchema } from "../../scorers/custom/declaration";
import { ZId, ZSlug, zFilename, zJsonValue, zText } from "./common";

/** Largest module accepted: a scorer is one self-contained file. */
const MAX_SCORER_SOURCE_CHARS = 256 * 1024;
/** Largest known-answer file, and how many a trial takes. */
const MAX_KNOWN_ANSWER_CHARS = 2 * 1024 * 1024;
const MAX_KNOWN_ANSWERS = 10;

const ZKnownAnswerSchema = z.object({
  name: zFilename({ max: 200 }),
  content: zText({ min: 1, max: MAX_KNOWN_ANSWER_CHARS, multiline: true }),
  expectedScore: z.number().finite(),
  /** Largest accepted |score − expectedScore|. */
  tolerance: z.number().min(0).max(1).default(1e-6),
});

export const ZUploadCustomScorerRequestSchema = z.object({
  challengeSlug: ZSlug,
  /** .js, .mjs, .cjs (JavaScript) or .ts, .mts, .cts (TypeScript, types stripped at upload). */
  filename: zFilename({ max: 200 }),
  source: zText({ min: 1, max: MAX_SCORER_SOURCE_CHARS, multiline: true }),
  /** This challenge's values for the scorer's declared parameters (defaults fill the rest). */
  params: zJsonValue().optional(),
  knownAnswers: z.array(ZKnownAnswerSchema).max(MAX_KNOWN_ANSWERS).default([]),
});
export type UploadCustomScorerRequest = z.input<typeof ZUploadCustomScorerRequestSchema>;

export const ZTrialCaseDtoSchema = z.object({
  name: z.string(),
  kind: z.enum(["sample", "baseline", "known-answer"]),
  passed: z.boolean(),
  score: z.number().nullable(),
  expectedScore: z.number().nullable(),
  elapsedMs: z.number().int().min(0),
  /** What was found: "score 0.71", or why the case refused the scorer. */
  message: z.string(),
});
export type TrialCaseDto = z.infer<typeof ZTrialCaseDtoSchema>;

export const ZCustomScorerVersionDtoSchema = z.object({
  id: z.string(),
  scorerId: z.string(),
  version: z.string(),
  title: z.string(),
  /** What the challenge's metricId is while this version is live. */
  metricId: z.string(),
  outputs: z.array(ZCustomScorerOutputSchema),
  paramsDeclared: z.record(z.string(), ZCustomScorerParamSchema),
  params: z.record(z.string(), z.unknown()),
  cases: z.array(ZTrialCaseDtoSchema),
  live: z.boolean(),
  createdAt: z.date(),
});
export type CustomScorerVersionDto = z.infer<typeof ZCustomScorerVersionDtoSchema>;

export const ZUploadCustomScorerResponseSchema = z.object({
  status: z.enum(["passed", "refused"]),
  /** Why it was refused (empty when it passed), each problem a sentence. */
  problems: z.array(z.string()),
  cases: z.array(ZTrialCaseDtoSchema),
  /** The stored version when it passed; a refused scorer leaves nothing stored. */
  version: ZCustomScorerVersionDtoSchema.nullable(),
});
export type UploadCustomScorerResponse = z.infer<typeof ZUploadCustomScorerResponseSchema>;

export const ZListCustomScorersRequestSchema = z.object({ challengeSlug: ZSlug });

export const ZSetChallengeScorerRequestSchema = z.object({
  challengeSlug: ZSlug,
  /** A version that passed its trial for this challenge. */
  customScorerVersionId: ZId,
});

/** The version made live, and the scoring rule version that names it (with its re-score offer). */
export const ZSetChallengeScorerResponseSchema = z.object({ version: ZCustomScorerVersionDtoSchema, rule: ZUpdateScoringRuleResponseSchema });
export type SetChallengeScorerResponse = z.infer<typeof ZSetChallengeScorerResponseSchema>;
