// A host's dataset import, end to end: read the source with the importers (every problem
// at once), assign splits, prepare, store. Nothing is stored unless everything is valid.
import type { ImportOptionsInput } from "../../contracts/dataset";
import type { FileSource } from "../../../datasets/importers/file-source";
import type { ImportProblem } from "../../../datasets/importers/types";
import { prepareDataset, type DatasetContent } from "./prepare-dataset";
import { readAndSplitDataset } from "./read-split-dataset";
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

export async function importDataset(
  source: FileSource,
  input: ImportOptionsInput,
  context: { createdById?: string | null; onProgress?: ImportProgress; store?: Pick<StoreOptions, "signal" | "importLease"> } = {},
): Promise<ImportOutcome> {
  const read = await readAndSplitDataset(source, input, (done, total) => void context.onProgress?.("reading", done, total));
  if (!read.ok) return read;
  const { options, dataset, split } = read;

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
            // train.zip ships these as uploaded: deep images and the masks' names.
            ...(item.original ? { original: item.original } : {}),
            ...(item.maskNames ? { maskNames: item.maskNames } : {}),
          })),
        }
      : {
          taskType: dataset.kind,
          classNames: dataset.classes,
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
  return { ok: true, warnings: read.warnings, images: dataset.items.length, ...stored };
}
