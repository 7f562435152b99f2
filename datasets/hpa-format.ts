// The Kaggle HPA 2018 (Human Protein Atlas Image Classification) files: hidden truth with
// Usage, submissions, train.csv and the image archives. Rows are ordered by Id; ids are
// hashes, so the order says nothing about which test images are public or private.
import type { Zippable } from "fflate";
import type { CellImageItem, PredictedSplit } from "./types";
import { HPA_CHANNELS, USAGE_OF_SPLIT } from "./types";
import { csvField, deterministicZip, STORED, validationIdsCsv } from "./zip-export";

const HPA_TRUTH_CSV_HEADER = "Id,Target,Usage";
const HPA_SUBMISSION_CSV_HEADER = "Id,Predicted";
const HPA_TRAIN_CSV_HEADER = "Id,Target";

/** Metadata columns allowed into the test archive by default (an allowlist, as in zip-export.ts). */
const DEFAULT_HPA_PUBLIC_METADATA_KEYS = ["cellLine"] as const;

/** Test and validation items: the images participants predict. */
const isTest = (item: CellImageItem): item is CellImageItem & { split: PredictedSplit } => item.split !== "train";

const byId = <T extends { imageId: string }>(a: T, b: T): number =>
  a.imageId < b.imageId ? -1 : a.imageId > b.imageId ? 1 : 0;

/** HPA's label cell: distinct class numbers, ascending, space-separated ("" for none). */
export function formatLabels(labels: readonly number[]): string {
  return [...new Set(labels)].sort((a, b) => a - b).join(" ");
}

/** Hidden truth for the public and private test items and the validation items (train items are skipped). */
export function toHpaTruthCsv(items: readonly CellImageItem[]): string {
  const lines = [HPA_TRUTH_CSV_HEADER];
  for (const item of items.filter(isTest).sort(byId)) {
    lines.push(`${item.imageId},${formatLabels(item.labels)},${item.usage ?? USAGE_OF_SPLIT[item.split]}`);
  }
  return lines.join("\n") + "\n";
}

export interface HpaPrediction {
  id: string;
  labels: readonly number[];
}

/** A submission, one row per image, sorted by Id. */
export function toHpaSubmissionCsv(predictions: readonly HpaPrediction[]): string {
  const lines = [HPA_SUBMISSION_CSV_HEADER];
  for (const { id, labels } of [...predictions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    lines.push(`${id},${formatLabels(labels)}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The downloadable sample submission: "0" (Nucleoplasm, the most common class) for every
 * test image. It shows the format and scores well above an empty file, and nothing more.
 */
export function hpaSampleSubmission(items: readonly CellImageItem[]): string {
  return toHpaSubmissionCsv(items.filter(isTest).map((item) => ({ id: item.imageId, labels: [0] })));
}

/** HPA's train.csv: `Id,Target` for the train items only. */
export function trainingLabelsCsv(items: readonly CellImageItem[]): string {
  const lines = [HPA_TRAIN_CSV_HEADER];
  for (const item of items.filter((i) => i.split === "train").sort(byId)) {
    lines.push(`${item.imageId},${formatLabels(item.labels)}`);
  }
  return lines.join("\n") + "\n";
}

/** `Id,<columns…>`; columns in order of first appearance unless given, blank when missing. */
export function hpaMetadataCsv(items: readonly CellImageItem[], keys?: readonly string[]): string {
  const columns: string[] = [];
  if (keys) columns.push(...keys);
  else for (const item of items) for (const key of Object.keys(item.metadata)) if (!columns.includes(key)) columns.push(key);
  const lines = [["Id", ...columns].map(csvField).join(",")];
  for (const item of items) {
    lines.push([item.imageId, ...columns.map((key) => item.metadata[key] ?? "")].map(csvField).join(","));
  }
  return lines.join("\n") + "\n";
}

function addChannels(files: Zippable, folder: string, item: CellImageItem): void {
  for (const channel of HPA_CHANNELS) files[`${folder}/${item.imageId}_${channel}.png`] = [item.channels[channel], STORED];
}

/** `Label,Name`, one row per class: what the importer reads to name classes other than HPA's. */
function classesCsv(classNames: readonly string[]): string {
  return ["Label,Name", ...classNames.map((name, label) => `${label},${csvField(name)}`)].join("\n") + "\n";
}

/**
 * Train split only (other items are ignored, so passing a whole dataset cannot leak test
 * labels): `train/<Id>_{red,green,blue,yellow}.png`, `train.csv` and `metadata.csv` with
 * every metadata column, and `classes.csv` when the classes are not HPA's.
 */
export function hpaTrainingZip(items: readonly CellImageItem[], classNames?: readonly string[]): Uint8Array {
  const train = items.filter((item) => item.split === "train").sort(byId);
  const encoder = new TextEncoder();
  const files: Zippable = {
    "train.csv": encoder.encode(trainingLabelsCsv(train)),
    "metadata.csv": encoder.encode(hpaMetadataCsv(train)),
    ...(classNames ? { "classes.csv": encoder.encode(classesCsv(classNames)) } : {}),
  };
  for (const item of train) addChannels(files, "train", item);
  return deterministicZip(files);
}

/**
 * Public and private test images and validation images together (`test/<Id>_<channel>.png`),
 * sorted by Id, with no labels, only the allowlisted metadata columns, and no split
 * information but `validation.csv` (`Id`), the images that get per-image feedback.
 */
export function hpaTestImagesZip(
  items: readonly CellImageItem[],
  publicMetadataKeys: readonly string[] = DEFAULT_HPA_PUBLIC_METADATA_KEYS,
): Uint8Array {
  const test = items.filter(isTest).sort(byId);
  const files: Zippable = { "metadata.csv": new TextEncoder().encode(hpaMetadataCsv(test, publicMetadataKeys)) };
  const validation = validationIdsCsv("Id", test);
  if (validation) files["validation.csv"] = new TextEncoder().encode(validation);
  for (const item of test) addChannels(files, "test", item);
  return deterministicZip(files);
}
