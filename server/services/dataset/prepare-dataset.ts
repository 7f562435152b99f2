// Turns a dataset with splits (generated or imported) into everything the platform stores:
// hidden truth, public archives in the layout the importers read, a sample submission,
// gallery pictures, chart figures and a content hash. CPU only, no I/O.
import { createHash } from "node:crypto";
import { classificationStats, segmentationStats, type DatasetStats } from "../../../datasets/dataset-stats";
import { sampleSubmission, toDsbTruthCsv } from "../../../datasets/dsb-format";
import { hpaSampleSubmission, hpaTestImagesZip, hpaTrainingZip, toHpaTruthCsv } from "../../../datasets/hpa-format";
import { cellCompositePng, outlineOverlayPng } from "../../../datasets/previews";
import { encodeLabelImage, type ResplitSourceItem } from "../../../datasets/resplit-source";
import type { CellImageItem, GeneratedItem, HpaChannel, OriginalImage, Split } from "../../../datasets/types";
import { DEFAULT_PUBLIC_METADATA_KEYS, testImagesZip, trainingZip } from "../../../datasets/zip-export";
import { HPA_CLASSES } from "../../../scorers/hpa-macro-f1/classes";

export type DatasetContent =
  | { taskType: "instance_segmentation"; items: GeneratedItem[] }
  | {
      taskType: "multilabel_classification" | "singlelabel_classification";
      items: CellImageItem[];
      /** Names by label (an archive's classes.csv); default HPA's 28. */
      classNames?: readonly string[];
    };

interface PreparedItem {
  imageId: string;
  split: Split;
  width: number;
  height: number;
  metadata: Record<string, string | number>;
  displayPng: Uint8Array;
  /** Four-channel items: the channels as given (what models are fed). */
  channels: Record<HpaChannel, Uint8Array> | null;
  /** Train items only. */
  overlayPng: Uint8Array | null;
  objectCount: number | null;
  labels: number[];
  /** Every item's truth and originals, kept hidden so the dataset can be split again (resplit-source.ts). */
  kept: Omit<ResplitSourceItem, "original" | "imageId">;
  original: OriginalImage | null;
}

export interface PreparedDataset {
  taskType: DatasetContent["taskType"];
  contentHash: string;
  defaultMetricId: string;
  truthCsv: string;
  sampleSubmissionCsv: string;
  trainingZip: Uint8Array;
  testImagesZip: Uint8Array;
  publicMetadataKeys: string[];
  /** Classification: names by label; empty for segmentation. */
  classNames: string[];
  stats: DatasetStats;
  items: PreparedItem[];
}

/** Never public whatever the host says: they tell which test images count where. */
const NEVER_PUBLIC = new Set(["Usage", "usage", "split", "Split"]);

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

function metadataKeys(items: ReadonlyArray<{ metadata: Record<string, string | number> }>): string[] {
  const keys = new Set<string>();
  for (const item of items) for (const key of Object.keys(item.metadata)) keys.add(key);
  return [...keys];
}

/** Stable over item order and object numbering within an image is what the truth encodes, so hash that. */
function contentHash(taskType: string, lines: string[]): string {
  return sha256([taskType, ...lines.sort()].join("\n"));
}

const canonicalMetadata = (metadata: Record<string, string | number>) =>
  JSON.stringify(Object.keys(metadata).sort().map((k) => [k, metadata[k]]));

const identity = (item: Pick<PreparedItem, "imageId" | "split" | "width" | "height" | "metadata">) => ({
  imageId: item.imageId,
  split: item.split,
  width: item.width,
  height: item.height,
  metadata: item.metadata,
});

export function prepareDataset(content: DatasetContent, options: { publicMetadataKeys?: readonly string[] } = {}): PreparedDataset {
  const allKeys = metadataKeys(content.items);
  const requested = options.publicMetadataKeys ?? (content.taskType === "instance_segmentation" ? DEFAULT_PUBLIC_METADATA_KEYS : ["cellLine"]);
  const publicMetadataKeys = requested.filter((key) => allKeys.includes(key) && !NEVER_PUBLIC.has(key));

  if (content.taskType === "instance_segmentation") {
    const { items } = content;
    return {
      taskType: content.taskType,
      contentHash: contentHash(
        content.taskType,
        items.map((i) => [i.imageId, i.split, i.usage ?? "", i.width, i.height, sha256(i.png), sha256(new Uint8Array(i.labels.buffer, i.labels.byteOffset, i.labels.byteLength)), canonicalMetadata(i.metadata)].join("\t")),
      ),
      defaultMetricId: "dsb2018-map",
      truthCsv: toDsbTruthCsv(items),
      sampleSubmissionCsv: sampleSubmission(items),
      trainingZip: trainingZip(items),
      testImagesZip: testImagesZip(items, publicMetadataKeys),
      publicMetadataKeys,
      classNames: [],
      stats: segmentationStats(items, publicMetadataKeys),
      items: items.map((item) => {
        const train = item.split === "train";
        return {
          ...identity(item),
          displayPng: item.png,
          channels: null,
          overlayPng: train ? outlineOverlayPng(item.png, item.labels, item.width, item.height) : null,
          objectCount: train ? item.objectCount : null,
          labels: [],
          kept: {
            ignored: item.usage === "Ignored",
            labelImage: encodeLabelImage(item.labels),
            objectCount: item.objectCount,
            ...(item.maskNames ? { maskNames: item.maskNames } : {}),
          },
          original: item.original ?? null,
        };
      }),
    };
  }

  const { items } = content;
  const classNames = [...(content.classNames ?? HPA_CLASSES)];
  // HPA's own classes leave the hash (and train.zip) as they were before names were stored.
  const hpaClasses = classNames.length === HPA_CLASSES.length && classNames.every((name, i) => name === HPA_CLASSES[i]);
  return {
    taskType: content.taskType,
    contentHash: contentHash(
      content.taskType,
      [
        ...items.map((i) => [i.imageId, i.split, i.width, i.height, ...Object.entries(i.channels).sort().map(([c, png]) => `${c}:${sha256(png)}`), i.labels.join(" "), canonicalMetadata(i.metadata)].join("\t")),
        ...(hpaClasses ? [] : [`\u0000classes\t${JSON.stringify(classNames)}`]),
      ],
    ),
    defaultMetricId: content.taskType === "singlelabel_classification" ? "accuracy" : "hpa-macro-f1",
    truthCsv: toHpaTruthCsv(items),
    sampleSubmissionCsv: hpaSampleSubmission(items),
    trainingZip: hpaTrainingZip(items, hpaClasses ? undefined : classNames),
    testImagesZip: hpaTestImagesZip(items, publicMetadataKeys),
    publicMetadataKeys,
    classNames,
    stats: classificationStats(items, publicMetadataKeys, classNames),
    items: items.map((item) => {
      const train = item.split === "train";
      const composite = cellCompositePng(item.channels);
      return {
        ...identity(item),
        displayPng: composite.png,
        channels: item.channels,
        overlayPng: null,
        objectCount: null,
        labels: train ? item.labels : [],
        kept: { ignored: item.usage === "Ignored", labels: item.labels },
        original: null,
      };
    }),
  };
}
