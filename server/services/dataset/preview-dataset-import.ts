// An import's preview: read, validate and split exactly as the import would, then count
// images per split, per value of one metadata column and per class. Stores nothing (no row,
// no blob), so a host can try split options before committing one.
import { summarizeSplits } from "../../../datasets/split-summary";
import type { FileSource } from "../../../datasets/importers/file-source";
import type { ImportOptionsInput, DatasetImportPreview } from "../../contracts/dataset";
import { datasetRepository } from "../../repositories/dataset-repository";
import { readAndSplitDataset } from "./read-split-dataset";

export async function previewDatasetImport(
  source: FileSource,
  input: ImportOptionsInput,
  context: { onProgress?: (done: number, total: number) => void; countBy?: string } = {},
): Promise<DatasetImportPreview> {
  const read = await readAndSplitDataset(source, input, context.onProgress);
  if (!read.ok) return read;
  const { options, dataset, split } = read;
  const items: ReadonlyArray<{ imageId: string; metadata: Record<string, string | number>; labels?: readonly number[] }> = dataset.kind !== "instance_segmentation" ? dataset.items : dataset.items.map(({ imageId, metadata }) => ({ imageId, metadata }));
  const stratifiedBy = options.split?.kind === "stratified" ? options.split.by : undefined;
  const column = context.countBy ?? stratifiedBy ?? (items.some((item) => item.metadata.condition !== undefined) ? "condition" : null);
  const summary = summarizeSplits(
    items.map((item) => ({
      split: split(item.imageId),
      ...(column !== null ? { value: item.metadata[column] === undefined ? null : String(item.metadata[column]) } : {}),
      ...(item.labels ? { labels: item.labels } : {}),
    })),
  );
  return {
    ok: true,
    layout: dataset.layout,
    taskType: dataset.kind,
    images: items.length,
    splits: summary.splits,
    column,
    byValue: summary.byValue,
    byLabel: summary.byLabel.map((row) => ({ ...row, name: (dataset.kind !== "instance_segmentation" ? dataset.classes[row.label] : undefined) ?? `class ${row.label}` })),
    slugTaken: (await datasetRepository.findBySlug(options.slug)) !== null,
    warnings: read.warnings,
  };
}
