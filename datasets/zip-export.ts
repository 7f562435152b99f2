// Downloadable archives in the Kaggle DSB 2018 layout, the same layout the importers read.
import { zipSync, type Zippable } from "fflate";
import { encodeMaskPng } from "./png";
import type { GeneratedItem } from "./types";

function metadataCsv(items: readonly GeneratedItem[], exclude: ReadonlySet<string> = new Set()): Uint8Array {
  const columns = [...new Set(items.flatMap((i) => Object.keys(i.metadata)))].filter((c) => !exclude.has(c)).sort();
  const lines = [["ImageId", ...columns].join(",")];
  for (const item of items) lines.push([item.imageId, ...columns.map((c) => String(item.metadata[c] ?? ""))].join(","));
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

function presentLabels(labels: Uint16Array): number[] {
  const seen = new Set<number>();
  for (const label of labels) if (label !== 0) seen.add(label);
  return [...seen].sort((a, b) => a - b);
}

/** Train split: `stage1_train/<ImageId>/images/<ImageId>.png` and one binary PNG per nucleus in `masks/`. */
export function trainingZip(items: readonly GeneratedItem[]): Uint8Array {
  const train = items.filter((i) => i.split === "train");
  const files: Zippable = { "stage1_train/metadata.csv": metadataCsv(train) };
  for (const item of train) {
    files[`stage1_train/${item.imageId}/images/${item.imageId}.png`] = item.png;
    for (const label of presentLabels(item.labels)) {
      files[`stage1_train/${item.imageId}/masks/${String(label).padStart(4, "0")}.png`] = encodeMaskPng(
        item.labels,
        item.width,
        item.height,
        label,
      );
    }
  }
  // PNGs are already compressed; storing them keeps the zip fast to build and to read.
  return zipSync(files, { level: 0 });
}

/** Test images only, without masks and without truth-derived metadata (object counts). */
export function testImagesZip(items: readonly GeneratedItem[]): Uint8Array {
  const test = items.filter((i) => i.split !== "train");
  const files: Zippable = { "stage1_test/metadata.csv": metadataCsv(test, new Set(["nuclei", "objectCount", "density"])) };
  for (const item of test) files[`stage1_test/${item.imageId}/images/${item.imageId}.png`] = item.png;
  return zipSync(files, { level: 0 });
}
