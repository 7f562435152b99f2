// The Data tab's charts, computed once when a dataset is stored. Only public information:
// truth-derived figures (objects per image, label frequencies) come from the training split,
// whose truth is published anyway; test images contribute only allow-listed metadata.
import { z } from "zod";
import type { CellImageItem, GeneratedItem, Split } from "./types";

export const ZDatasetStatsSchema = z.object({
  /** `test` counts public and private test images; validation images (predicted too, never in the test scores) apart. Stats stored before validation existed read as 0. */
  images: z.object({ train: z.number(), test: z.number(), validation: z.number().default(0) }),
  /** Images per value of the dataset's main condition column (e.g. imaging condition, cell line), train vs test vs validation. */
  byCondition: z
    .object({ column: z.string(), rows: z.array(z.object({ value: z.string(), train: z.number(), test: z.number(), validation: z.number().default(0) })) })
    .nullable(),
  /** Histogram of objects per training image. */
  objectsPerImage: z.array(z.object({ bin: z.string(), images: z.number() })).nullable(),
  /** Training images carrying each class label. */
  labelFrequency: z.array(z.object({ classId: z.number(), name: z.string(), images: z.number() })).nullable(),
  sizes: z.array(z.object({ size: z.string(), images: z.number() })),
});
export type DatasetStats = z.infer<typeof ZDatasetStatsSchema>;

/** Metadata columns that name an imaging condition, most specific first. */
const CONDITION_COLUMNS = ["condition", "microscope", "modality", "stain", "cellLine", "cell_type"] as const;

/** The first condition column that some item has (and that `allowed` admits), or null. */
export function conditionColumn(items: ReadonlyArray<{ metadata: unknown }>, allowed: (key: string) => boolean = () => true): string | null {
  return CONDITION_COLUMNS.find((key) => allowed(key) && items.some((item) => (item.metadata as Record<string, unknown> | null)?.[key] !== undefined)) ?? null;
}

const isTrain = (split: Split) => split === "train";
const isTest = (split: Split) => split === "public_test" || split === "private_test";

function conditionRows(
  items: ReadonlyArray<{ split: Split; metadata: Record<string, string | number> }>,
  publicKeys: readonly string[],
): DatasetStats["byCondition"] {
  const column = conditionColumn(items, (key) => publicKeys.includes(key));
  if (!column) return null;
  const rows = new Map<string, { train: number; test: number; validation: number }>();
  for (const item of items) {
    const value = String(item.metadata[column] ?? "(none)");
    const row = rows.get(value) ?? { train: 0, test: 0, validation: 0 };
    if (isTrain(item.split)) row.train++;
    else if (isTest(item.split)) row.test++;
    else row.validation++;
    rows.set(value, row);
  }
  return { column, rows: [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([value, counts]) => ({ value, ...counts })) };
}

function sizeRows(items: ReadonlyArray<{ width: number; height: number }>): DatasetStats["sizes"] {
  const sizes = new Map<string, number>();
  for (const item of items) sizes.set(`${item.width}×${item.height}`, (sizes.get(`${item.width}×${item.height}`) ?? 0) + 1);
  return [...sizes.entries()].sort((a, b) => b[1] - a[1]).map(([size, images]) => ({ size, images }));
}

const imageCounts = (items: ReadonlyArray<{ split: Split }>) => ({
  train: items.filter((i) => isTrain(i.split)).length,
  test: items.filter((i) => isTest(i.split)).length,
  validation: items.filter((i) => i.split === "validation").length,
});

export function segmentationStats(items: readonly GeneratedItem[], publicKeys: readonly string[]): DatasetStats {
  const counts = items.filter((i) => isTrain(i.split)).map((i) => i.objectCount);
  const max = Math.max(0, ...counts);
  const width = Math.max(1, Math.ceil((max + 1) / 12));
  const bins = Array.from({ length: Math.ceil((max + 1) / width) }, (_, b) => ({
    bin: width === 1 ? `${b}` : `${b * width}–${b * width + width - 1}`,
    images: counts.filter((c) => Math.floor(c / width) === b).length,
  }));
  return {
    images: imageCounts(items),
    byCondition: conditionRows(items, publicKeys),
    objectsPerImage: counts.length > 0 ? bins : null,
    labelFrequency: null,
    sizes: sizeRows(items),
  };
}

export function classificationStats(items: readonly CellImageItem[], publicKeys: readonly string[], classNames: readonly string[]): DatasetStats {
  const frequency = classNames.map((name, classId) => ({ classId, name, images: 0 }));
  for (const item of items) if (isTrain(item.split)) for (const label of item.labels) if (frequency[label]) frequency[label].images++;
  return {
    images: imageCounts(items),
    byCondition: conditionRows(items, publicKeys),
    objectsPerImage: null,
    labelFrequency: frequency,
    sizes: sizeRows(items),
  };
}
