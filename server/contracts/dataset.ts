import { z } from "zod";
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

export const ZImportOptionsSchema = z
  .object({
    slug: z.string().regex(ZDatasetSlug, "lowercase letters, digits and dashes, at most 64"),
    name: zText({ trim: true, min: 1, max: 120 }),
    description: zText({ max: 2000, multiline: true }).default(""),
    layout: z.enum(["dsb", "hpa", "instance-labels"]).optional(),
    /** Path of the metadata CSV inside the source (default: a single metadata.csv anywhere). */
    metadataFile: zText({ min: 1, max: 500 }).optional(),
    split: z
      .discriminatedUnion("kind", [
        /** Kaggle's convention: Usage Public / Private / Ignored rows are test images, Validation rows validation images, the rest train. */
        z.object({ kind: z.literal("usage") }),
        z.object({
          kind: z.literal("stratified"),
          /** Metadata column to stratify over (e.g. condition, microscope); none = plain seeded shuffle. */
          by: zText({ min: 1, max: 100 }).optional(),
          seed: z.number().int().default(0),
          fractions: ZFractions.default({ train: 0.6, public_test: 0.2, private_test: 0.2, validation: 0 }),
        }),
      ])
      .optional(),
    /** Metadata columns shown with test images; default: the descriptive ones (see DESCRIPTIVE_METADATA_COLUMNS). */
    publicMetadataKeys: z.array(zText({ min: 1, max: 100 })).max(200).optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof ZImportOptionsSchema>;
export type ImportOptionsInput = z.input<typeof ZImportOptionsSchema>;

const ZTaskType = z.enum(["instance_segmentation", "multilabel_classification"]);

/** The header of a dataset upload frame: where to import it and how to split it. */
export const ZDatasetUploadHeaderSchema = z.object({ filename: zFilename(), options: ZImportOptionsSchema });

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
  /** Metrics a challenge on this dataset can use, the default first. */
  metrics: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type DatasetSummaryDto = z.infer<typeof ZDatasetSummaryDtoSchema>;

export const ZByImportIdSchema = z.object({ id: ZId });
