// A challenge's scoring rule as a document: which metric with which parameters, which of its
// outputs ranks and in which direction, how ties are broken, which outputs the boards show as
// columns, and which test images the private board is computed on. Hosts edit it (site, CLI,
// bundle); every change is a new version, and every score records the version it was computed
// under. The public/private split itself is the dataset's (re-split it for another one).
import { z } from "zod";
import { ZSlug, zJsonValue, zText } from "./common";

/** A built-in scorer id (scorers/index.ts) or a host's custom scorer, custom:<id>@<version>. */
const ZRuleMetricId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^(?:[a-z0-9][a-z0-9-]*|custom:[a-z0-9][a-z0-9-]*@\d+\.\d+\.\d+)$/, "a scorer id such as dsb2018-map, or custom:<id>@<version>");

const ZOutputKey = z.string().min(1).max(40).regex(/^[A-Za-z][A-Za-z0-9_]*$/, "an output key such as score");

export const ZScoringRuleSchema = z
  .object({
    metric: z.object({ id: ZRuleMetricId, params: z.record(zText({ max: 100 }), zJsonValue()).default({}) }).strict(),
    ranking: z
      .object({
        /** The declared output the boards rank by; "score" is the metric's own. */
        output: ZOutputKey.default("score"),
        /** Must agree with the output's declared direction (checked against the metric). */
        direction: z.enum(["higher", "lower"]),
        /**
         * "earlier-submission": of equal scores the one submitted first ranks higher (Kaggle);
         * "shared-rank": equal scores share a rank (1, 2, 2, 4), listed by submission time.
         */
        tieBreak: z.enum(["earlier-submission", "shared-rank"]).default("earlier-submission"),
      })
      .strict(),
    /** Further declared outputs shown as board columns, in this order. */
    columns: z.array(ZOutputKey).max(8).default([]),
    /**
     * The private board's images: the private subset alone (Kaggle), or every test image
     * (public and private) for a final ranking on the whole test set.
     */
    privateBoard: z.enum(["private-images", "all-test-images"]).default("private-images"),
  })
  .strict();
export type ScoringRule = z.infer<typeof ZScoringRuleSchema>;

/** One field of the parameter form, generated from the metric's parameter schema. */
const ZParamFieldSchema = z.object({
  key: z.string(),
  kind: z.enum(["integer", "number", "enum", "boolean", "text"]),
  default: zJsonValue().optional(),
  options: z.array(z.string()).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  exclusiveMinimum: z.number().optional(),
  exclusiveMaximum: z.number().optional(),
  nullable: z.boolean(),
  /** Set by the challenge (e.g. classCount from the dataset's classes): shown, not edited. */
  fixed: z.boolean(),
});
export type ParamField = z.infer<typeof ZParamFieldSchema>;

const ZOutputDtoSchema = z.object({ key: z.string(), label: z.string(), higherIsBetter: z.boolean(), range: z.tuple([z.number(), z.number()]) });

const ZMetricChoiceSchema = z.object({
  id: z.string(),
  title: z.string(),
  custom: z.boolean(),
  outputs: z.array(ZOutputDtoSchema),
  fields: z.array(ZParamFieldSchema),
  /** Per-image statistics (intervals, the Ladder) exist for its "score" output. */
  statistics: z.boolean(),
});
export type MetricChoice = z.infer<typeof ZMetricChoiceSchema>;

const ZScoringRuleVersionDtoSchema = z.object({
  version: z.number().int(),
  rule: ZScoringRuleSchema,
  changes: z.array(z.string()),
  changedBy: z.string().nullable(),
  changedAt: z.date(),
});

/** A phase's scored submissions and how many of them were scored under an older rule version. */
const ZRescoreOfferSchema = z.object({ phaseId: z.string(), phaseName: z.string(), scored: z.number().int(), outdated: z.number().int() });

export const ZScoringRuleDtoSchema = z.object({
  slug: z.string(),
  version: z.number().int(),
  rule: ZScoringRuleSchema,
  metrics: z.array(ZMetricChoiceSchema),
  history: z.array(ZScoringRuleVersionDtoSchema),
  phases: z.array(ZRescoreOfferSchema),
});
export type ScoringRuleDto = z.infer<typeof ZScoringRuleDtoSchema>;

export const ZGetScoringRuleRequestSchema = z.object({ slug: ZSlug });

export const ZScoringRuleChangeRequestSchema = z.object({ slug: ZSlug, rule: ZScoringRuleSchema });
export type ScoringRuleChangeRequest = z.input<typeof ZScoringRuleChangeRequestSchema>;

const ZBoardValuesSchema = z.object({ public: z.number().nullable(), private: z.number().nullable(), columns: z.record(z.string(), z.object({ public: z.number().nullable(), private: z.number().nullable() })) });

export const ZScoringRulePreviewSchema = z.object({
  /** The rule as it would be saved (parameters with their defaults filled in). */
  rule: ZScoringRuleSchema,
  changes: z.array(z.string()),
  cases: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(["sample", "baseline"]),
      /** What the file has now (baselines: their stored scores; null when not scored). */
      current: z.object({ public: z.number().nullable(), private: z.number().nullable() }).nullable(),
      /** Under the proposed rule; null with `error` when the file could not be scored. */
      proposed: ZBoardValuesSchema.nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type ScoringRulePreview = z.infer<typeof ZScoringRulePreviewSchema>;

export const ZUpdateScoringRuleResponseSchema = z.object({
  changed: z.boolean(),
  version: z.number().int(),
  changes: z.array(z.string()),
  /** Phases with submissions scored under an older version: the host may re-score them. */
  rescore: z.array(ZRescoreOfferSchema),
});
export type UpdateScoringRuleResponse = z.infer<typeof ZUpdateScoringRuleResponseSchema>;
