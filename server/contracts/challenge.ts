import { z } from "zod";
import { zDate, ZId, zJsonValue, ZSlug, ZSubmissionKind, zText } from "./common";
import { ZDatasetSlug } from "./dataset";

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
  state: z.enum(["upcoming", "open", "closed"]),
});
export type PhaseDto = z.infer<typeof ZPhaseDtoSchema>;

export const ZChallengeSummaryDtoSchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  taskType: z.enum(["instance_segmentation", "multilabel_classification"]),
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
});

export const ZChallengeDetailDtoSchema = ZChallengeSummaryDtoSchema.extend({
  overviewMd: z.string(),
  dataMd: z.string(),
  evaluationMd: z.string(),
  rulesMd: z.string(),
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
  /** What an ONNX model must look like; null when the challenge takes prediction files only. */
  modelContract: z.record(z.string(), z.unknown()).nullable(),
});
export type ChallengeDetailDto = z.infer<typeof ZChallengeDetailDtoSchema>;

export const ZBySlugRequestSchema = z.object({ slug: ZSlug });

export const ZUpdatePhaseRequestSchema = z
  .object({
    phaseId: ZId,
    dailyQuota: z.number().int().min(0).max(10_000).optional(),
    totalQuota: z.number().int().min(0).max(1_000_000).optional(),
    /** Whether failed (rejected or crashed) submissions use up quota; off by default. */
    failedCountTowardsQuota: z.boolean().optional(),
    /** Turn the Ladder on or off for the public board; its shown scores are rebuilt from the phase's submissions. */
    ladder: z.boolean().optional(),
    startsAt: zDate().optional(),
    endsAt: zDate().optional(),
  })
  .refine((p) => !p.startsAt || !p.endsAt || p.startsAt < p.endsAt, { message: "The phase must start before it ends.", path: ["endsAt"] });
export type UpdatePhaseRequest = z.infer<typeof ZUpdatePhaseRequestSchema>;

export const ZCreateChallengeRequestSchema = z
  .object({
    slug: ZSlug,
    title: zText({ trim: true, min: 3, max: 120 }),
    summary: zText({ trim: true, min: 3, max: 300 }),
    datasetSlug: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64"),
    /** Defaults to the dataset's task: dsb2018-map or hpa-macro-f1. */
    metricId: ZMetricId.optional(),
    metricParams: z.record(zText({ max: 100 }), zJsonValue()).default({}),
    submissionKinds: z.array(ZSubmissionKind).min(1).max(ZSubmissionKind.options.length).default(["prediction_csv"]),
    phase: z.object({
      name: zText({ trim: true, min: 1, max: 60 }).default("Stage 1"),
      startsAt: zDate(),
      endsAt: zDate(),
      dailyQuota: z.number().int().min(1).max(10_000).default(5),
      totalQuota: z.number().int().min(1).max(1_000_000).default(100),
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
  taskType: z.enum(["instance_segmentation", "multilabel_classification"]),
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
