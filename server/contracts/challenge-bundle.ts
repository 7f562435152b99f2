// Challenge bundles (format v1, after Codabench's competition bundles): one zip with
// challenge.yaml (settings, phases, scoring rule, the dataset by slug), pages/*.md and, when
// the challenge uses one, its custom scorer under scorer/. See README, "Challenge bundles".
import { z } from "zod";
import { zFilename, zJsonValue, ZSlug, ZSubmissionKind, zText } from "./common";
import { TASK_TYPES } from "../../datasets/task-types";
import { ZDatasetSlug } from "./dataset";
import { ZScoringRuleSchema } from "./scoring-rule";

export const CHALLENGE_BUNDLE_FORMAT = 1;

/** The files of a bundle besides challenge.yaml: page name → path in the zip. */
export const BUNDLE_PAGE_FILES = {
  overview: "pages/overview.md",
  data: "pages/data.md",
  evaluation: "pages/evaluation.md",
  rules: "pages/rules.md",
} as const;
export const BUNDLE_SCORER_MODULE = "scorer/module.cjs";
export const BUNDLE_SCORER_DECLARATION = "scorer/declaration.json";
export const BUNDLE_EXAMPLE_MODEL = "model/example_model.onnx";

/** ISO 8601 instants with a zone ("2027-01-01T00:00:00.000Z"), so a bundle means the same anywhere. */
const zInstant = () =>
  z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 instant with a time zone, e.g. 2027-01-01T00:00:00Z" })
    .transform((s) => new Date(s))
    .refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 9999, "must be a date in the years 2000 to 9999");

const ZBundlePhaseSchema = z
  .object({
    name: zText({ trim: true, min: 1, max: 60 }),
    startsAt: zInstant(),
    endsAt: zInstant(),
    dailyQuota: z.number().int().min(0).max(10_000),
    totalQuota: z.number().int().min(0).max(1_000_000),
    failedCountTowardsQuota: z.boolean().default(false),
    ladder: z.boolean().default(false),
    finalChoices: z.number().int().min(1).max(20).default(2),
    /** A stage's own test images: a dataset on this site, by slug (left out: the challenge's dataset). */
    testDatasetSlug: z.string().min(1).max(64).optional(),
    /** This phase's board is the final one. */
    isFinal: z.boolean().default(false),
    /** Runs the models committed in the phase before (no uploads). */
    committedModels: z.boolean().default(false),
    /** Keeps a quota that quotaProblems finds odd (written by the export for such phases). */
    confirmQuota: z.boolean().optional(),
  })
  .strict()
  // Only between two valid instants: a malformed date is reported once, as itself.
  .refine((p) => !(p.startsAt instanceof Date && p.endsAt instanceof Date) || p.startsAt < p.endsAt, { message: "the phase must start before it ends", path: ["endsAt"] });

export const ZChallengeBundleManifestSchema = z
  .object({
    format: z.literal(CHALLENGE_BUNDLE_FORMAT, `this site reads bundle format ${CHALLENGE_BUNDLE_FORMAT}`),
    slug: ZSlug,
    title: zText({ trim: true, min: 3, max: 120 }),
    summary: zText({ trim: true, min: 3, max: 300 }),
    taskType: z.enum(TASK_TYPES),
    metric: z.object({ id: z.string().min(1).max(120), params: z.record(zText({ max: 100 }), zJsonValue()).default({}) }).strict(),
    /** The rest of the scoring rule (ranked output and direction, ties, columns, private board); the metric's defaults when left out. */
    scoring: ZScoringRuleSchema.omit({ metric: true }).optional(),
    submissionKinds: z.array(ZSubmissionKind).min(1).max(ZSubmissionKind.options.length),
    modelContract: zJsonValue().nullable().default(null),
    /** By reference: the dataset must already be on the site the bundle is imported into. */
    dataset: z.object({ slug: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64") }).strict(),
    phases: z.array(ZBundlePhaseSchema).min(1).max(100),
    /** Until when teams may form and merge (left out: until the last phase closes). */
    teamMergeDeadline: zInstant().optional(),
    /** Present when metric.id is a custom scorer (custom:<id>@<version>): its files in the zip. */
    customScorer: z.object({ module: z.literal(BUNDLE_SCORER_MODULE), declaration: z.literal(BUNDLE_SCORER_DECLARATION) }).strict().optional(),
    /** An ONNX challenge's example model (the public download), in the zip. */
    exampleModel: z.literal(BUNDLE_EXAMPLE_MODEL).optional(),
  })
  .strict();
export type ChallengeBundleManifest = z.infer<typeof ZChallengeBundleManifestSchema>;

export const ZExportChallengeBundleResponseSchema = z.object({
  filename: z.string(),
  /** The zip, base64: bundles are small (text only), and a query answer is what both the site and the CLI read. */
  base64: z.string(),
});

/** The upload frame's header of challenge.importBundle; the zip follows it. */
export const ZImportChallengeBundleHeaderSchema = z.object({
  filename: zFilename({ max: 200 }),
  /** The new challenge's slug; the bundle's own when left out. */
  slug: ZSlug.optional(),
});

export const ZImportChallengeBundleResponseSchema = z.object({ slug: z.string(), notice: z.string().nullable() });
