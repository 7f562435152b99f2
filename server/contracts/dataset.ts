import { z } from "zod";
import { CLASSIFICATION_TASK_TYPES, TASK_TYPES } from "../../datasets/task-types";
import { zFilename, ZId, zText } from "./common";

/** Lowercase letters, digits and inner dashes; at most 64 (it becomes part of blob keys). */
export const ZDatasetSlug = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const ZFractions = z
  .object({
    train: z.number().min(0).max(1),
    public_test: z.number().min(0).max(1),
    private_test: z.number().min(0).max(1),
    /** Validation images: predicted and scored per image, never part of the test scores. */
    validation: z.number().min(0).max(1).default(0),
  })
  .refine((f) => Math.abs(f.train + f.public_test + f.private_test + f.validation - 1) < 1e-6, "split fractions must add up to 1")
  .refine((f) => f.public_test > 0 && f.private_test > 0, "a challenge needs public and private test images");

const ZStratifiedSplitSchema = z.object({
  kind: z.literal("stratified"),
  /** Metadata column to stratify over (e.g. condition, microscope); none = plain seeded shuffle. */
  by: zText({ min: 1, max: 100 }).optional(),
  seed: z.number().int().default(0),
  fractions: ZFractions.default({ train: 0.6, public_test: 0.2, private_test: 0.2, validation: 0 }),
});

export const ZImportOptionsSchema = z
  .object({
    slug: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64"),
    name: zText({ trim: true, min: 1, max: 120 }),
    description: zText({ max: 2000, multiline: true }).default(""),
    layout: z.enum(["dsb", "hpa", "instance-labels"]).optional(),
    /**
     * HPA layout only: "singlelabel_classification" requires exactly one label per image (scored
     * by accuracy or macro F1); default multi-label. Never guessed from the data, so the same
     * archive always makes the same dataset (the import warns when every image has one label).
     */
    taskType: z.enum(CLASSIFICATION_TASK_TYPES).optional(),
    /** Path of the metadata CSV inside the source (default: a single metadata.csv anywhere). */
    metadataFile: zText({ min: 1, max: 500 }).optional(),
    split: z
      .discriminatedUnion("kind", [
        /** Kaggle's convention: Usage Public / Private / Ignored rows are test images, Validation rows validation images, the rest train. */
        z.object({ kind: z.literal("usage") }),
        ZStratifiedSplitSchema,
      ])
      .optional(),
    /** Metadata columns shown with test images; default: the descriptive ones (see DESCRIPTIVE_METADATA_COLUMNS). */
    publicMetadataKeys: z.array(zText({ min: 1, max: 100 })).max(200).optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof ZImportOptionsSchema>;
export type ImportOptionsInput = z.input<typeof ZImportOptionsSchema>;

const ZTaskType = z.enum(TASK_TYPES);

/** The header of a dataset upload frame: where to import it and how to split it. */
export const ZDatasetUploadHeaderSchema = z.object({ filename: zFilename(), options: ZImportOptionsSchema });
export type DatasetUploadHeader = z.infer<typeof ZDatasetUploadHeaderSchema>;

const ZImportProblemSchema = z.object({
  file: z.string().optional(),
  line: z.number().optional(),
  imageId: z.string().optional(),
  message: z.string(),
});

export const ZDatasetImportDtoSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  problems: z.array(ZImportProblemSchema),
  warnings: z.array(ZImportProblemSchema),
  outcome: z.string().nullable(),
  datasetSlug: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type DatasetImportDto = z.infer<typeof ZDatasetImportDtoSchema>;

export const ZDatasetSummaryDtoSchema = z.object({
  slug: z.string(),
  name: z.string(),
  taskType: ZTaskType,
  source: z.string(),
  images: z.number(),
  challenges: z.number(),
  createdAt: z.date(),
  /**
   * Classification: its number of classes (a challenge's metric params take it as classCount);
   * null for segmentation.
   */
  classCount: z.number().nullable(),
  /** The caller may delete it: they imported it (or are an admin) and no challenge uses it. */
  canDelete: z.boolean(),
  /** Metrics a challenge on this dataset can use (those whose params take its class count), the default first. */
  metrics: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type DatasetSummaryDto = z.infer<typeof ZDatasetSummaryDtoSchema>;

export const ZByImportIdSchema = z.object({ id: ZId });

export const ZDeleteDatasetRequestSchema = z.object({ slug: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64") });
export const ZDeleteDatasetResponseSchema = z.object({
  slug: z.string(),
  images: z.number(),
  /** Blobs removed (images, channels, overlays, archives, sample submission, truth). */
  blobs: z.number(),
  /** Blobs that could not be removed (left behind, named in the server log); the rows are gone either way. */
  blobsLeft: z.number(),
});
export type DeleteDatasetResponse = z.infer<typeof ZDeleteDatasetResponseSchema>;

const ZSplitCountsSchema = z.object({ train: z.number(), public_test: z.number(), private_test: z.number(), validation: z.number() });

/** What an import would make, computed without storing anything (the import's "Preview"). */
export const ZDatasetImportPreviewSchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    layout: z.string(),
    taskType: ZTaskType,
    images: z.number(),
    splits: ZSplitCountsSchema,
    /** The metadata column counted per value: the one stratified over, else "condition" if there is one. */
    column: z.string().nullable(),
    byValue: z.array(z.object({ value: z.string().nullable(), counts: ZSplitCountsSchema })),
    /** Classification data: images per class label (with its name) in each split. */
    byLabel: z.array(z.object({ label: z.number(), name: z.string(), counts: ZSplitCountsSchema })),
    /** A dataset already has this slug: importing would change nothing or be refused. */
    slugTaken: z.boolean(),
    warnings: z.array(ZImportProblemSchema),
  }),
  z.object({ ok: z.literal(false), problems: z.array(ZImportProblemSchema), warnings: z.array(ZImportProblemSchema) }),
]);
export type DatasetImportPreview = z.infer<typeof ZDatasetImportPreviewSchema>;

/**
 * A new version of a stored dataset with another split, made from what it stored (no archive):
 * the same images, truth and metadata under a new slug. `preview` counts and stores nothing.
 */
export const ZResplitDatasetRequestSchema = z
  .object({
    from: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64"),
    slug: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64"),
    name: zText({ trim: true, min: 1, max: 120 }),
    description: zText({ max: 2000, multiline: true }).default(""),
    split: ZStratifiedSplitSchema,
    /** Default: the source dataset's. */
    publicMetadataKeys: z.array(zText({ min: 1, max: 100 })).max(200).optional(),
    preview: z.boolean().default(false),
  })
  .strict();
export type ResplitDatasetRequestInput = z.input<typeof ZResplitDatasetRequestSchema>;

export const ZResplitDatasetResponseSchema = z.object({
  outcome: z.enum(["created", "unchanged", "preview"]),
  slug: z.string(),
  images: z.number(),
  /** With `preview`: the counts the new version would have. */
  preview: ZDatasetImportPreviewSchema.nullable(),
});
export type ResplitDatasetResponse = z.infer<typeof ZResplitDatasetResponseSchema>;
