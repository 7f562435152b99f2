// A new version of a stored dataset with another split: the same images, truth, metadata and
// classes, split again and stored under a new slug. Nothing is decoded from an archive: the
// truth comes from the hidden items.json every dataset keeps (resplit-source.ts), the images
// are the stored blobs, copied so each version can be deleted on its own.
import { parseResplitSource, decodeLabelImage, type ResplitSourceItem } from "../../../datasets/resplit-source";
import { summarizeSplits } from "../../../datasets/split-summary";
import { isClassificationTask } from "../../../datasets/task-types";
import { HPA_CHANNELS, type CellImageItem, type GeneratedItem, type HpaChannel } from "../../../datasets/types";
import { getBlobStore } from "../../blob";
import { describeZodIssues } from "../../contracts/common";
import { ZResplitDatasetRequestSchema, type ResplitDatasetRequestInput, type ResplitDatasetResponse } from "../../contracts/dataset";
import { AppError } from "../../errors";
import { datasetRepository } from "../../repositories/dataset-repository";
import { mayDeleteDataset, type DatasetDeleter } from "./delete-dataset";
import { prepareDataset, type DatasetContent } from "./prepare-dataset";
import { assignSplits } from "./read-split-dataset";
import { storeDataset } from "./store-dataset";

type Row = Awaited<ReturnType<typeof datasetRepository.listAllItems>>[number];

export async function resplitDataset(input: {
  user: DatasetDeleter;
  request: ResplitDatasetRequestInput;
  onProgress?: (done: number, total: number) => void | Promise<void>;
}): Promise<ResplitDatasetResponse> {
  const parsed = ZResplitDatasetRequestSchema.safeParse(input.request);
  if (!parsed.success) throw new AppError("INVALID_INPUT", { message: `Re-split options: ${describeZodIssues(parsed.error, "options", Infinity)}` });
  const request = parsed.data;
  const dataset = await datasetRepository.findBySlug(request.from);
  if (!dataset) throw new AppError("NOT_FOUND", { message: `No dataset "${request.from}".` });
  // A new split publishes test truth in the new train.zip: only the dataset's own host (or an admin).
  if (!mayDeleteDataset(input.user, dataset)) throw new AppError("FORBIDDEN", { message: `Only the host who imported dataset "${request.from}" or an admin can split it again.` });
  if (!dataset.resplitSourceKey) {
    throw new AppError("INVALID_INPUT", { message: `Dataset "${request.from}" was stored before datasets kept what a re-split needs; import its archive again with the new split instead.` });
  }
  const store = getBlobStore();
  const source = parseResplitSource(new Uint8Array(await store.get(dataset.resplitSourceKey)));
  if (!source) throw new AppError("INTERNAL", { message: `The stored items of dataset "${request.from}" cannot be read.` });
  const rows = await datasetRepository.listAllItems(dataset.id);
  const kept = new Map(source.items.map((item) => [item.imageId, item]));
  const missing = rows.filter((row) => !kept.has(row.imageId));
  if (missing.length > 0) throw new AppError("INTERNAL", { message: `The stored items of dataset "${request.from}" lack ${missing.length} image(s), e.g. ${missing[0]?.imageId}.` });
  const keptOf = (row: Row) => kept.get(row.imageId) as ResplitSourceItem;
  const metadataOf = (row: Row) => (row.metadata ?? {}) as Record<string, string | number>;

  // Decoys stay decoys (private test, never scored, never train); the rest is split anew.
  const pool = rows.filter((row) => !keptOf(row).ignored);
  const kind = dataset.taskType;
  const assigned = assignSplits(
    { kind, items: pool.map((row) => ({ imageId: row.imageId, metadata: metadataOf(row), usage: null, ...(isClassificationTask(kind) ? { classes: keptOf(row).labels ?? [] } : {}) })) },
    { split: request.split },
  );
  if ("problems" in assigned) throw new AppError("INVALID_INPUT", { message: assigned.problems.map((p) => p.message).join(" ") });
  const splitOf = (row: Row) => (keptOf(row).ignored ? "private_test" : (assigned.splits.get(row.imageId) ?? "train"));

  if (request.preview) {
    const column = request.split.by ?? (rows.some((row) => metadataOf(row).condition !== undefined) ? "condition" : null);
    const summary = summarizeSplits(
      rows.map((row) => ({
        split: splitOf(row),
        ...(column !== null ? { value: metadataOf(row)[column] === undefined ? null : String(metadataOf(row)[column]) } : {}),
        ...(isClassificationTask(kind) ? { labels: keptOf(row).labels ?? [] } : {}),
      })),
    );
    return {
      outcome: "preview",
      slug: request.slug,
      images: rows.length,
      preview: {
        ok: true,
        layout: dataset.source,
        taskType: kind,
        images: rows.length,
        splits: summary.splits,
        column,
        byValue: summary.byValue,
        byLabel: summary.byLabel.map((row) => ({ ...row, name: dataset.classNames[row.label] ?? `class ${row.label}` })),
        slugTaken: (await datasetRepository.findBySlug(request.slug)) !== null,
        warnings: [],
      },
    };
  }

  const base = (row: Row) => ({ imageId: row.imageId, width: row.width, height: row.height, split: splitOf(row), metadata: metadataOf(row), ...(keptOf(row).ignored ? { usage: "Ignored" as const } : {}) });
  let content: DatasetContent;
  if (kind === "instance_segmentation") {
    const items: GeneratedItem[] = [];
    for (const row of rows) {
      const item = keptOf(row);
      const labels = item.labelImage !== undefined ? decodeLabelImage(item.labelImage, row.width * row.height) : null;
      if (!labels) throw new AppError("INTERNAL", { message: `The stored labels of image ${row.imageId} in dataset "${request.from}" cannot be read.` });
      items.push({
        ...base(row),
        png: new Uint8Array(await store.get(row.imageKey)),
        labels,
        objectCount: item.objectCount ?? 0,
        ...(item.maskNames ? { maskNames: item.maskNames } : {}),
        ...(item.original ? { original: { extension: item.original.extension, bytes: new Uint8Array(await store.get(item.original.key)) } } : {}),
      });
    }
    content = { taskType: kind, items };
  } else {
    const items: CellImageItem[] = [];
    for (const row of rows) {
      // channelKeys were stored in HPA_CHANNELS order.
      const channels = {} as Record<HpaChannel, Uint8Array>;
      for (const [i, channel] of HPA_CHANNELS.entries()) {
        const key = row.channelKeys[i];
        if (!key) throw new AppError("INTERNAL", { message: `Image ${row.imageId} of dataset "${request.from}" has no stored ${channel} channel.` });
        channels[channel] = new Uint8Array(await store.get(key));
      }
      items.push({ ...base(row), channels, labels: keptOf(row).labels ?? [] });
    }
    content = { taskType: kind, items, ...(dataset.classNames.length > 0 ? { classNames: dataset.classNames } : {}) };
  }
  const prepared = prepareDataset(content, { publicMetadataKeys: request.publicMetadataKeys ?? dataset.publicMetadataKeys });
  const stored = await storeDataset(
    {
      slug: request.slug,
      name: request.name,
      description: request.description,
      source: `resplit:${dataset.slug}`,
      createdById: input.user === "operator" ? dataset.createdById : input.user.id,
    },
    prepared,
    input.onProgress ? { onProgress: input.onProgress } : {},
  );
  return { outcome: stored.outcome, slug: stored.slug, images: rows.length, preview: null };
}
