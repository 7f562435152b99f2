import { z } from "zod";
import { ZSlug, ZSubmissionKind } from "./common";

export const ZPhaseDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  dailyQuota: z.number().int(),
  totalQuota: z.number().int(),
  failedCountTowardsQuota: z.boolean(),
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

export const ZDownloadDtoSchema = z.object({
  name: z.string(),
  label: z.string(),
  href: z.string(),
});

export const ZMetricDtoSchema = z.object({
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
    images: z.object({ train: z.number(), publicTest: z.number(), privateTest: z.number() }),
  }),
  viewerIsHost: z.boolean(),
});
export type ChallengeDetailDto = z.infer<typeof ZChallengeDetailDtoSchema>;

export const ZBySlugRequestSchema = z.object({ slug: ZSlug });

export const ZUpdatePhaseRequestSchema = z
  .object({
    phaseId: z.string().min(1),
    dailyQuota: z.number().int().min(0).max(10_000).optional(),
    totalQuota: z.number().int().min(0).max(1_000_000).optional(),
    /** Whether failed (rejected or crashed) submissions use up quota; off by default. */
    failedCountTowardsQuota: z.boolean().optional(),
    startsAt: z.date().optional(),
    endsAt: z.date().optional(),
  })
  .refine((p) => !p.startsAt || !p.endsAt || p.startsAt < p.endsAt, { message: "The phase must start before it ends.", path: ["endsAt"] });
export type UpdatePhaseRequest = z.infer<typeof ZUpdatePhaseRequestSchema>;
