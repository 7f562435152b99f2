// A host's dataset import, end to end: read the source with the importers (every problem
// at once), assign splits, prepare, store. Nothing is stored unless everything is valid.
import { describeZodIssues } from "../../contracts/common";
import { ZImportOptionsSchema, type ImportOptions, type ImportOptionsInput } from "../../contracts/dataset";
import { splitFromUsage, stratifiedSplits } from "../../../datasets/assign-splits";
import { importAny } from "../../../datasets/importers";
import type { FileSource } from "../../../datasets/importers/file-source";
import type { ImportedDataset, ImportProblem } from "../../../datasets/importers/types";
import type { Split } from "../../../datasets/types";
import { AppError } from "../../errors";
import { prepareDataset, type DatasetContent } from "./prepare-dataset";
import { storeDataset, type StoreOptions, type StoreOutcome } from "./store-dataset";

/**
 * Metadata columns shown with test images unless the host lists others: ones that describe
 * how an image was taken. Anything else (counts, densities, notes) may be derived from the
 * truth, so it stays hidden until a host says it is safe.
 */
const DESCRIPTIVE_METADATA_COLUMNS = ["condition", "modality", "stain", "microscope", "instrument", "magnification", "cellLine", "cell_line", "cell_type", "tissue"];

export type ImportOutcome =
  | ({ ok: true; warnings: ImportProblem[]; images: number } & StoreOutcome)
  | { ok: false; problems: ImportProblem[]; warnings: ImportProblem[] };

export interface ImportProgress {
  /** Awaited while storing; while reading only called (the importers do not wait). */
  (phase: "reading" | "storing", done: number, total: number): void | Promise<void>;
}

function assignSplits(dataset: ImportedDataset, options: ImportOptions): { splits: Map<string, Split> } | { problems: ImportProblem[] } {
  const items = dataset.items;
  const withUsage = items.filter((item) => item.usage !== null);
  const policy: NonNullable<ImportOptions["split"]> =
    options.split ?? (withUsage.length > 0 ? { kind: "usage" } : { kind: "stratified", seed: 0, fractions: { train: 0.6, public_test: 0.2, private_test: 0.2, validation: 0 } });
  if (policy.kind === "usage") {
    const splits = new Map(items.map((item) => [item.imageId, splitFromUsage(item.usage)] as const));
    const problems: ImportProblem[] = [];
    if (![...splits.values()].includes("public_test")) problems.push({ message: "Splitting by Usage needs rows with Usage = Public (a solution CSV or a Usage column in the metadata); none were found." });
    if (![...splits.values()].includes("private_test")) problems.push({ message: "Splitting by Usage needs rows with Usage = Private; none were found." });
    return problems.length > 0 ? { problems } : { splits };
  }
  if (policy.by !== undefined) {
    const by = policy.by;
    if (!items.some((item) => item.metadata[by] !== undefined)) {
      const columns = [...new Set(items.flatMap((item) => Object.keys(item.metadata)))];
      return { problems: [{ message: `Cannot stratify over "${by}": no image has that metadata column (columns: ${columns.join(", ") || "none"}).` }] };
    }
  }
  return {
    splits: stratifiedSplits(
      items.map((item) => ({ key: item.imageId, stratum: policy.by === undefined ? "" : String(item.metadata[policy.by] ?? "") })),
      { seed: policy.seed, fractions: policy.fractions },
    ),
  };
}

export async function importDataset(
  source: FileSource,
  input: ImportOptionsInput,
  context: { createdById?: string | null; onProgress?: ImportProgress; store?: Pick<StoreOptions, "signal" | "importLease"> } = {},
): Promise<ImportOutcome> {
  const parsed = ZImportOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", { message: `Import options: ${describeZodIssues(parsed.error, "options", Infinity)}` });
  }
  const options = parsed.data;
  const imported = await importAny(source, {
    layout: options.layout,
    metadataCsv: options.metadataFile,
    onProgress: (done, total) => void context.onProgress?.("reading", done, total),
  });
  if (!imported.ok) return imported;
  const dataset = imported.value;
  const assigned = assignSplits(dataset, options);
  if ("problems" in assigned) return { ok: false, problems: assigned.problems, warnings: imported.warnings };
  const split = (imageId: string): Split => assigned.splits.get(imageId) ?? "train";

  // What every item keeps, whatever its task: id, size, split, metadata.
  const base = (item: { imageId: string; width: number; height: number; metadata: Record<string, string | number> }) => ({
    imageId: item.imageId,
    width: item.width,
    height: item.height,
    split: split(item.imageId),
    metadata: item.metadata,
  });
  const content: DatasetContent =
    dataset.kind === "instance_segmentation"
      ? {
          taskType: "instance_segmentation",
          items: dataset.items.map((item) => ({
            ...base(item),
            png: item.png,
            labels: item.labels,
            objectCount: item.objectCount,
            ...(item.usage === "Ignored" ? { usage: "Ignored" as const } : {}),
          })),
        }
      : {
          taskType: "multilabel_classification",
          items: dataset.items.map((item) => ({
            ...base(item),
            channels: item.channels,
            labels: item.labels,
            // Decoys stay decoys in the truth: validated, never scored.
            ...(item.usage === "Ignored" ? { usage: "Ignored" as const } : {}),
          })),
        };
  const prepared = prepareDataset(content, { publicMetadataKeys: options.publicMetadataKeys ?? DESCRIPTIVE_METADATA_COLUMNS });
  const stored = await storeDataset(
    { slug: options.slug, name: options.name, description: options.description, source: `import:${dataset.layout}`, createdById: context.createdById ?? null },
    prepared,
    { ...context.store, onProgress: (done, total) => context.onProgress?.("storing", done, total) },
  );
  return { ok: true, warnings: imported.warnings, images: dataset.items.length, ...stored };
}
