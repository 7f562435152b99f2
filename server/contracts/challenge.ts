import { z } from "zod";
import { ZScoringRuleSchema } from "./scoring-rule";
import { zDate, ZId, zJsonValue, ZSlug, ZSubmissionKind, zText } from "./common";
import { TASK_TYPES } from "../../datasets/task-types";
import { ZDatasetSlug } from "./dataset";
import { ZUserReferenceSchema } from "./user";

/** A scorer id (see scorers/index.ts). */
const ZMetricId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes");

export const ZPhaseDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  dailyQuota: z.number().int(),
  totalQuota: z.number().int(),
  failedCountTowardsQuota: z.boolean(),
  /** The public board is guarded by the Ladder (Blum & Hardt 2015): a score shows only when it improves significantly. */
  ladder: z.boolean(),
  /** How many submissions a participant may choose for the private board (Kaggle: 2). */
  finalChoices: z.number().int(),
  /** Scored on test images of its own (a stage's), shown and downloadable only once it opens. */
  ownTestSet: z.boolean(),
  /** That test set's dataset: for the challenge's hosts only (null for everyone else). */
  testDatasetSlug: z.string().nullable(),
  /** This phase's board is the challenge's final one. */
  isFinal: z.boolean(),
  /** Only models committed in the phase before enter its board, run automatically when it opens. */
  committedModels: z.boolean(),
  state: z.enum(["upcoming", "open", "closed"]),
});
export type PhaseDto = z.infer<typeof ZPhaseDtoSchema>;

export const ZChallengeSummaryDtoSchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  taskType: z.enum(TASK_TYPES),
  metricId: z.string(),
  status: z.enum(["draft", "active", "archived"]),
  currentPhase: ZPhaseDtoSchema.nullable(),
  participants: z.number().int(),
  submissions: z.number().int(),
});
export type ChallengeSummaryDto = z.infer<typeof ZChallengeSummaryDtoSchema>;

const ZDownloadDtoSchema = z.object({
  name: z.string(),
  label: z.string(),
  href: z.string(),
});

const ZMetricDtoSchema = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  higherIsBetter: z.boolean(),
  params: z.record(z.string(), z.unknown()),
  /** How the boards rank under the challenge's scoring rule (public: everyone may know how they are ranked). */
  rule: z.object({
    version: z.number().int(),
    rankedBy: z.string(),
    tieBreak: z.enum(["earlier-submission", "shared-rank"]),
    columns: z.array(z.string()),
    privateBoard: z.enum(["private-images", "all-test-images"]),
  }),
});

export const ZChallengeDetailDtoSchema = ZChallengeSummaryDtoSchema.extend({
  overviewMd: z.string(),
  dataMd: z.string(),
  evaluationMd: z.string(),
  /** The host's own rules. */
  rulesMd: z.string(),
  /** Each phase's dates and quotas, written from the phase settings at every request (never stored, so never stale). */
  phaseRulesMd: z.string(),
  /** Null while a phase is open; otherwise which phase closed (and when) and what comes next. */
  submissionNotice: z.string().nullable(),
  submissionKinds: z.array(ZSubmissionKind),
  phases: z.array(ZPhaseDtoSchema),
  downloads: z.array(ZDownloadDtoSchema),
  metric: ZMetricDtoSchema,
  dataset: z.object({
    name: z.string(),
    /** `validation`: images predicted with the test images and scored per image, never in the public or private score. */
    images: z.object({ train: z.number(), publicTest: z.number(), privateTest: z.number(), validation: z.number() }),
  }),
  viewerIsHost: z.boolean(),
  /** The hidden test set: private scores and per-image results wait for every challenge on it. */
  testSet: z.object({
    revealAt: z.date().nullable(),
    revealed: z.boolean(),
    /** Other challenges scored on the same test images. */
    sharedWith: z.array(z.object({ slug: z.string(), title: z.string() })),
  }),
  /** The host's team merge deadline (null: teams may change until the last phase closes). */
  teamMergeDeadline: z.date().nullable(),
  /** What an ONNX model must look like; null when the challenge takes prediction files only. */
  modelContract: z.record(z.string(), z.unknown()).nullable(),
});
export type ChallengeDetailDto = z.infer<typeof ZChallengeDetailDtoSchema>;

export const ZBySlugRequestSchema = z.object({ slug: ZSlug });

/**
 * Quotas that are valid numbers but almost certainly a slip: nobody could submit, or one day
 * could use up the whole phase. Each needs `confirmQuota: true` (see assertSensibleQuota).
 * Pure, so the forms warn with the same words as the server.
 */
export function quotaProblems(quota: { dailyQuota: number; totalQuota: number }): string[] {
  const problems: string[] = [];
  if (quota.totalQuota === 0) problems.push("a total quota of 0 means nobody can submit in this phase");
  else if (quota.dailyQuota === 0) problems.push(`a daily quota of 0 means nobody can submit, although the total quota is ${quota.totalQuota}`);
  else if (quota.dailyQuota > quota.totalQuota) {
    problems.push(`the daily quota (${quota.dailyQuota}) is larger than the total quota (${quota.totalQuota}), so a participant can use up the whole phase in one day`);
  }
  return problems;
}

/** Keeps a quota that quotaProblems finds odd (0 on purpose, to pause a phase, say). */
const zConfirmQuota = () => z.boolean().optional();

/** A phase's name as hosts type it. */
const zPhaseName = () => zText({ trim: true, min: 1, max: 60 });

export const ZUpdatePhaseRequestSchema = z
  .object({
    phaseId: ZId,
    dailyQuota: z.number().int().min(0).max(10_000).optional(),
    totalQuota: z.number().int().min(0).max(1_000_000).optional(),
    /** Whether failed (rejected or crashed) submissions use up quota; off by default. */
    failedCountTowardsQuota: z.boolean().optional(),
    /** Turn the Ladder on or off for the public board; its shown scores are rebuilt from the phase's submissions. */
    ladder: z.boolean().optional(),
    /** How many submissions a participant may choose for the private board. */
    finalChoices: z.number().int().min(1, "finalChoices: at least 1").max(20, "finalChoices: at most 20").optional(),
    startsAt: zDate().optional(),
    endsAt: zDate().optional(),
    name: zPhaseName().optional(),
    /** A test set of its own (a further dataset with the challenge's kind of data); null: the challenge's. */
    testDatasetSlug: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64").nullable().optional(),
    /** Mark this phase's board as the challenge's final one. */
    isFinal: z.boolean().optional(),
    /** Take only models committed in the phase before this one, run automatically when it opens. */
    committedModels: z.boolean().optional(),
    confirmQuota: zConfirmQuota(),
  })
  .refine((p) => !p.startsAt || !p.endsAt || p.startsAt < p.endsAt, { message: "The phase must start before it ends.", path: ["endsAt"] });
export type UpdatePhaseRequest = z.infer<typeof ZUpdatePhaseRequestSchema>;

/** A new phase, placed after the challenge's other phases (challenge.reorderPhases moves it). */
export const ZAddPhaseRequestSchema = z
  .object({
    slug: ZSlug,
    name: zPhaseName(),
    startsAt: zDate(),
    endsAt: zDate(),
    dailyQuota: z.number().int().min(0).max(10_000),
    totalQuota: z.number().int().min(0).max(1_000_000),
    failedCountTowardsQuota: z.boolean().default(false),
    ladder: z.boolean().default(false),
    /** A test set of its own (a further dataset with the challenge's kind of data); null: the challenge's. */
    testDatasetSlug: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64").nullable().optional(),
    /** Mark this phase's board as the challenge's final one. */
    isFinal: z.boolean().optional(),
    /** Take only models committed in the phase before this one, run automatically when it opens. */
    committedModels: z.boolean().optional(),
    confirmQuota: zConfirmQuota(),
  })
  .refine((p) => p.startsAt < p.endsAt, { message: "The phase must start before it ends.", path: ["endsAt"] });
export type AddPhaseRequest = z.infer<typeof ZAddPhaseRequestSchema>;

/** Every phase of the challenge, each once, in the order they are to be shown. */
export const ZReorderPhasesRequestSchema = z.object({
  slug: ZSlug,
  phaseIds: z.array(ZId).min(1).max(100),
});
export type ReorderPhasesRequest = z.infer<typeof ZReorderPhasesRequestSchema>;

const zPage = () => zText({ max: 50_000, multiline: true });

/** What hosts edit of a challenge's text; fields left out stay as they are. */
export const ZUpdateChallengeRequestSchema = z
  .object({
    slug: ZSlug,
    title: zText({ trim: true, min: 3, max: 120 }).optional(),
    summary: zText({ trim: true, min: 3, max: 300 }).optional(),
    pages: z.object({ overview: zPage(), data: zPage(), evaluation: zPage(), rules: zPage() }).partial().default({}),
    /** Until when teams may form and merge (null: until the last phase closes). */
    teamMergeDeadline: zDate().nullable().optional(),
  })
  .refine((c) => c.title !== undefined || c.summary !== undefined || c.teamMergeDeadline !== undefined || Object.values(c.pages).some((page) => page !== undefined), {
    message: "Nothing to change: give a title, a summary, a page (overview, data, evaluation, rules) or the team merge deadline.",
  });
export type UpdateChallengeRequest = z.input<typeof ZUpdateChallengeRequestSchema>;

export const ZChallengeHostDtoSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type ChallengeHostDto = z.infer<typeof ZChallengeHostDtoSchema>;

/** A co-host by email address or display name (names are not unique: an ambiguous one is refused). */
export const ZAddHostRequestSchema = z.object({ slug: ZSlug, user: ZUserReferenceSchema });
export const ZRemoveHostRequestSchema = z.object({ slug: ZSlug, userId: ZId });

export const ZCreateChallengeRequestSchema = z
  .object({
    slug: ZSlug,
    title: zText({ trim: true, min: 3, max: 120 }),
    summary: zText({ trim: true, min: 3, max: 300 }),
    datasetSlug: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64"),
    /** Defaults to the dataset's task: dsb2018-map or hpa-macro-f1. */
    metricId: ZMetricId.optional(),
    metricParams: z.record(zText({ max: 100 }), zJsonValue()).default({}),
    /** The rest of the scoring rule; the metric's score in its direction, earlier submission first, when left out. */
    scoring: ZScoringRuleSchema.omit({ metric: true }).optional(),
    submissionKinds: z.array(ZSubmissionKind).min(1).max(ZSubmissionKind.options.length).default(["prediction_csv"]),
    phase: z.object({
      name: zText({ trim: true, min: 1, max: 60 }).default("Stage 1"),
      startsAt: zDate(),
      endsAt: zDate(),
      // 0 and a daily quota above the total are allowed only with confirmQuota (quotaProblems).
      dailyQuota: z.number().int().min(0).max(10_000).default(5),
      totalQuota: z.number().int().min(0).max(1_000_000).default(100),
      confirmQuota: zConfirmQuota(),
    }),
    /** Required when submissionKinds includes onnx_model (see server/onnx/model-contract.ts). */
    modelContract: zJsonValue().optional(),
    /** Markdown; generated from the dataset and metric when left out. */
    pages: z
      .object({
        overview: zText({ max: 50_000, multiline: true }),
        data: zText({ max: 50_000, multiline: true }),
        evaluation: zText({ max: 50_000, multiline: true }),
        rules: zText({ max: 50_000, multiline: true }),
      })
      .partial()
      .default({}),
  })
  .refine((c) => c.phase.startsAt < c.phase.endsAt, { message: "The phase must start before it ends.", path: ["phase", "endsAt"] });
export type CreateChallengeInput = z.input<typeof ZCreateChallengeRequestSchema>;

export const ZChallengeDataDtoSchema = z.object({
  taskType: z.enum(TASK_TYPES),
  /** See datasets/dataset-stats.ts: only training-split truth and allow-listed test metadata. */
  stats: z
    .object({
      images: z.object({ train: z.number(), test: z.number() }),
      byCondition: z.object({ column: z.string(), rows: z.array(z.object({ value: z.string(), train: z.number(), test: z.number() })) }).nullable(),
      objectsPerImage: z.array(z.object({ bin: z.string(), images: z.number() })).nullable(),
      labelFrequency: z.array(z.object({ classId: z.number(), name: z.string(), images: z.number() })).nullable(),
      sizes: z.array(z.object({ size: z.string(), images: z.number() })),
    })
    .nullable(),
  publicMetadataKeys: z.array(z.string()),
});
export type ChallengeDataDto = z.infer<typeof ZChallengeDataDtoSchema>;

// A bound on page keeps skip within what PostgreSQL's OFFSET takes; no dataset has 6 million images.
export const ZGalleryRequestSchema = z.object({ slug: ZSlug, page: z.number().int().min(0).max(100_000).default(0), pageSize: z.number().int().min(1).max(60).default(24) });

const ZGalleryItemDtoSchema = z.object({
  imageId: z.string(),
  width: z.number(),
  height: z.number(),
  metadata: z.record(z.string(), z.union([z.string(), z.number()])),
  objectCount: z.number().nullable(),
  labels: z.array(z.object({ classId: z.number(), name: z.string() })),
  imageUrl: z.string(),
  overlayUrl: z.string().nullable(),
});
export const ZGalleryDtoSchema = z.object({ items: z.array(ZGalleryItemDtoSchema), total: z.number(), page: z.number(), pageSize: z.number() });
export type GalleryDto = z.infer<typeof ZGalleryDtoSchema>;
