// Downloadable archives in the Kaggle DSB 2018 layout.
import { zipSync } from "fflate";
import type { Zippable } from "fflate";
import { encodeMaskPng } from "./png";
import type { GeneratedItem } from "./types";

/**
 * Metadata columns that may go into the test archive. An allowlist rather than a denylist:
 * a new generator's columns (which may be derived from the truth, like nucleus counts or
 * density) stay hidden until someone decides they are safe.
 */
export const DEFAULT_PUBLIC_METADATA_KEYS = ["condition", "modality", "stain"] as const;

// A fixed timestamp keeps archives byte-identical between runs. It is built from local
// components because fflate writes DOS times in local time: the bytes then do not depend
// on the time zone either (2018-01-16 is when DSB 2018 opened).
const ZIP_MTIME = new Date(2018, 0, 16, 12, 0, 0);

// PNGs are already deflated; compressing them again costs time and saves nothing.
export const STORED = { level: 0 } as const;

const byImageId = (a: GeneratedItem, b: GeneratedItem): number =>
  a.imageId < b.imageId ? -1 : a.imageId > b.imageId ? 1 : 0;

export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `ImageId,Width,Height,<columns…>`; columns in order of first appearance, blank when missing. */
export function metadataCsv(items: readonly GeneratedItem[], keys?: readonly string[]): string {
  const columns: string[] = [];
  if (keys) columns.push(...keys);
  else for (const item of items) for (const key of Object.keys(item.metadata)) if (!columns.includes(key)) columns.push(key);
  const lines = [["ImageId", "Width", "Height", ...columns].map(csvField).join(",")];
  for (const item of items) {
    const values = columns.map((key) => item.metadata[key] ?? "");
    lines.push([item.imageId, item.width, item.height, ...values].map(csvField).join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * `validation.csv` of a test archive: the ids of the validation images, sorted, under
 * `column` (the id column of the task's submissions); null when there are none, so archives
 * of datasets without validation images stay as they were.
 */
export function validationIdsCsv(column: string, items: ReadonlyArray<{ imageId: string; split: string }>): string | null {
  const ids = items.filter((item) => item.split === "validation").map((item) => item.imageId).sort();
  return ids.length === 0 ? null : [column, ...ids.map(csvField)].join("\n") + "\n";
}

/** A zip whose bytes depend only on its files (fixed timestamps). */
export function deterministicZip(files: Zippable): Uint8Array {
  return zipSync(files, { mtime: ZIP_MTIME });
}

/**
 * Mask file names by label: the uploaded masks' names (as PNG, which they are written as)
 * when there is one per object and they stay distinct and safe, else `<label>.png`.
 */
export function maskFileNames(item: Pick<GeneratedItem, "objectCount" | "maskNames">): string[] {
  const numbered = Array.from({ length: item.objectCount }, (_, i) => `${i + 1}.png`);
  if (!item.maskNames || item.maskNames.length !== item.objectCount) return numbered;
  const names = item.maskNames.map((name) => `${name.replace(/\.[A-Za-z0-9]+$/, "")}.png`);
  const safe = names.every((name) => name !== ".png" && !/[/\\\u0000-\u001f]|^\.\.?\.png$/.test(name));
  return safe && new Set(names).size === names.length ? names : numbered;
}

/**
 * Train split only (other items are ignored, so passing a whole dataset cannot leak test
 * truth): `stage1_train/<id>/images/<id>.png` (an imported image deeper than 8 bits as
 * uploaded, e.g. a 16-bit `<id>.tif`), one 8-bit mask per nucleus (255 inside, named as
 * uploaded or `<label>.png`) and `metadata.csv` with every metadata column.
 */
export function trainingZip(items: readonly GeneratedItem[]): Uint8Array {
  const train = items.filter((item) => item.split === "train").sort(byImageId);
  const files: Zippable = { "metadata.csv": new TextEncoder().encode(metadataCsv(train)) };
  for (const item of train) {
    const dir = `stage1_train/${item.imageId}`;
    if (item.original) files[`${dir}/images/${item.imageId}.${item.original.extension}`] = [item.original.bytes, STORED];
    else files[`${dir}/images/${item.imageId}.png`] = [item.png, STORED];
    maskFileNames(item).forEach((name, i) => {
      files[`${dir}/masks/${name}`] = [encodeMaskPng(item.labels, item.width, item.height, i + 1), STORED];
    });
  }
  return deterministicZip(files);
}

/**
 * Public and private test images and validation images together, without masks, sorted by
 * id and without split information (participants must not learn which images count for the
 * private leaderboard), but with `validation.csv` (`ImageId`) naming the validation images:
 * they are predicted like the others and get per-image feedback during the phase.
 */
export function testImagesZip(
  items: readonly GeneratedItem[],
  publicMetadataKeys: readonly string[] = DEFAULT_PUBLIC_METADATA_KEYS,
): Uint8Array {
  const test = items.filter((item) => item.split !== "train").sort(byImageId);
  const files: Zippable = { "metadata.csv": new TextEncoder().encode(metadataCsv(test, publicMetadataKeys)) };
  const validation = validationIdsCsv("ImageId", test);
  if (validation) files["validation.csv"] = new TextEncoder().encode(validation);
  for (const item of test) {
    files[`stage1_test/${item.imageId}/images/${item.imageId}.png`] = [item.png, STORED];
  }
  return deterministicZip(files);
}
