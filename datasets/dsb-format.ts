// The Kaggle DSB 2018 CSV formats: the hidden truth (with Usage) and submissions.
// Rows are ordered by ImageId, then label: ids are hashes, so the order reveals nothing
// about which test images are public and which are private.
import { encodeInstanceRle } from "../scorers/instance-seg/rle";
import { baselineSegmentPng } from "./baseline-segmenter";
import { USAGE_OF_SPLIT, type GeneratedItem, type PredictedSplit } from "./types";

const TRUTH_CSV_HEADER = "ImageId,EncodedPixels,Height,Width,Usage";
const SUBMISSION_CSV_HEADER = "ImageId,EncodedPixels";

type TestItem = GeneratedItem & { split: PredictedSplit };

/** Test and validation items: the images participants predict. */
const isTestItem = (item: GeneratedItem): item is TestItem => item.split !== "train";

export interface LabelledImage {
  imageId: string;
  labels: ArrayLike<number>;
  width: number;
  height: number;
}

const byImageId = <T extends { imageId: string }>(a: T, b: T): number =>
  a.imageId < b.imageId ? -1 : a.imageId > b.imageId ? 1 : 0;

/** Distinct non-zero labels, ascending. */
function presentLabels(labels: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? 0;
    if (label !== 0) seen.add(label);
  }
  return [...seen].sort((a, b) => a - b);
}

/** One RLE string per object (ascending label), or [""] for an image without objects. */
function encodedObjects(image: LabelledImage): string[] {
  if (image.labels.length !== image.width * image.height) {
    throw new RangeError(`labels of ${image.imageId} do not match ${image.width}×${image.height}`);
  }
  const rles = presentLabels(image.labels).map((label) =>
    encodeInstanceRle(image.labels, image.width, image.height, label),
  );
  return rles.length > 0 ? rles : [""];
}

/** Hidden truth for the test and validation items (train items are skipped): one row per object. */
export function toDsbTruthCsv(items: readonly GeneratedItem[]): string {
  const lines = [TRUTH_CSV_HEADER];
  for (const item of items.filter(isTestItem).sort(byImageId)) {
    const usage = item.usage ?? USAGE_OF_SPLIT[item.split];
    for (const rle of encodedObjects(item)) {
      lines.push(`${item.imageId},${rle},${item.height},${item.width},${usage}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** A submission: one row per predicted object, an empty EncodedPixels row for an image without any. */
export function toSubmissionCsv(rows: readonly LabelledImage[]): string {
  const lines = [SUBMISSION_CSV_HEADER];
  for (const row of [...rows].sort(byImageId)) {
    for (const rle of encodedObjects(row)) lines.push(`${row.imageId},${rle}`);
  }
  return lines.join("\n") + "\n";
}

/** The downloadable sample submission: the classical baseline on every test and validation image. */
export function sampleSubmission(items: readonly GeneratedItem[]): string {
  return toSubmissionCsv(
    items
      .filter(isTestItem)
      .map((item) => ({ imageId: item.imageId, ...baselineSegmentPng(item.png) })),
  );
}
