// Kaggle Data Science Bowl 2018 layout: `<ImageId>/images/<ImageId>.png` with one binary
// PNG per nucleus in `<ImageId>/masks/`, and/or a solution CSV of run-length encoded masks.
import { parseRle } from "../../scorers/instance-seg/rle";
import type { ItemUsage } from "../types";
import { createLimiter, mapLimit } from "./concurrency";
import { decodeText, parseCsv, readCsvFiles } from "./csv-table";
import { decodeImage, displayPng, foregroundPixels, originalIfDeep } from "./decode-image";
import type { DecodedImage } from "./decode-image";
import type { FileSource } from "./file-source";
import { errorText } from "./file-source";
import { MAX_OBJECTS, sameSegmentation } from "./labels";
import { applyMetadata, isUsage, loadMetadata, metadataFiles } from "./metadata-table";
import {
  basename,
  byCodeUnit,
  ignoredFilesWarning,
  invalidIdReason,
  naturalOrder,
  problemAt,
  splitImageName,
} from "./problems";
import type {
  ImportedSegmentationDataset,
  ImportedSegmentationItem,
  ImportOptions,
  ImportProblem,
  ImportResult,
} from "./types";

/** Images in flight; each queues its masks on the shared decode limiter. */
const IMAGE_CONCURRENCY = 4;
/** sharp decodes in flight (libuv's pool has 4 threads by default; a few more hide I/O). */
const DECODE_CONCURRENCY = 8;
/** Overlapping pairs listed per image before the rest are summarized. */
const MAX_OVERLAPS_LISTED = 20;

interface ImageFolder {
  /** Path of the `<ImageId>` folder ("" when the source root is that folder). */
  folder: string;
  imageId: string;
  images: string[];
  masks: string[];
}

interface SolutionRow {
  file: string;
  line: number;
  encoded: string;
  height?: number;
  width?: number;
  usage: ItemUsage | null;
}

interface FolderOutcome {
  item?: ImportedSegmentationItem & { usageSource?: string };
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

/** A solution CSV: `ImageId,EncodedPixels[,Height,Width][,Usage]`; sample submissions share the header. */
function isSolutionCsv(file: string, header: string[]): boolean {
  return header[0] === "ImageId" && header[1] === "EncodedPixels" && !/submission/i.test(basename(file));
}

/** `<folder>/images/<file>` and `<folder>/masks/<file>`, grouped by folder. */
function findImageFolders(files: readonly string[]): { folders: ImageFolder[]; other: string[] } {
  const byFolder = new Map<string, { images: string[]; masks: string[] }>();
  const other: string[] = [];
  for (const file of files) {
    const segments = file.split("/");
    const kind = segments.at(-2);
    if (kind !== "images" && kind !== "masks") {
      other.push(file);
      continue;
    }
    const folder = segments.slice(0, -2).join("/");
    let entry = byFolder.get(folder);
    if (!entry) byFolder.set(folder, (entry = { images: [], masks: [] }));
    entry[kind].push(file);
  }
  const folders: ImageFolder[] = [];
  for (const [folder, { images, masks }] of byFolder) {
    // A zip of a single image folder loses the folder when its common root is stripped: the
    // id is then the one image's name.
    const imageId =
      folder === "" ? (splitImageName(basename(images[0] ?? ""))?.[0] ?? "") : (folder.split("/").at(-1) ?? "");
    folders.push({ folder, imageId, images, masks: masks.sort(naturalOrder) });
  }
  folders.sort((a, b) => byCodeUnit(a.imageId, b.imageId) || byCodeUnit(a.folder, b.folder));
  return { folders, other };
}

function readSolutionCsv(
  file: string,
  bytes: Uint8Array,
  rowsById: Map<string, SolutionRow[]>,
  problems: ImportProblem[],
): void {
  const table = parseCsv(decodeText(bytes), file, problems);
  if (!table) return;
  const column = (name: string): number => table.header.indexOf(name);
  const [heightAt, widthAt, usageAt] = [column("Height"), column("Width"), column("Usage")];
  if ((heightAt < 0) !== (widthAt < 0)) {
    problems.push(problemAt({ file, line: 1 }, "has only one of Height and Width; give both or neither"));
    return;
  }
  const seenHere = new Set<string>();
  for (const { line, fields } of table.rows) {
    const imageId = fields[0] ?? "";
    const where = { file, line, imageId };
    if (imageId === "") {
      problems.push(problemAt(where, "ImageId is empty"));
      continue;
    }
    const row: SolutionRow = { file, line, encoded: fields[1] ?? "", usage: null };
    if (heightAt >= 0) {
      const height = Number(fields[heightAt]);
      const width = Number(fields[widthAt]);
      if (!Number.isInteger(height) || height < 1 || !Number.isInteger(width) || width < 1) {
        problems.push(problemAt(where, `Height "${fields[heightAt]}" and Width "${fields[widthAt]}" must be positive integers`));
        continue;
      }
      row.height = height;
      row.width = width;
    }
    if (usageAt >= 0) {
      const usage = fields[usageAt] ?? "";
      if (isUsage(usage)) row.usage = usage;
      else if (usage !== "") {
        problems.push(problemAt(where, `Usage "${usage}" must be Public, Private, Validation or Ignored`));
        continue;
      }
    }
    let rows = rowsById.get(imageId);
    if (!rows) rowsById.set(imageId, (rows = []));
    const other = rows.find((r) => r.file !== file);
    if (other && !seenHere.has(imageId)) {
      problems.push(problemAt(where, `image ${imageId} also has rows in ${other.file} (line ${other.line}); keep each image in one CSV`));
    }
    seenHere.add(imageId);
    rows.push(row);
  }
}

/** Writes RLE rows into a label image (row-major); label = row index + 1. Reports RLE errors and overlaps. */
function labelsFromRows(
  rows: SolutionRow[],
  imageId: string,
  width: number,
  height: number,
  problems: ImportProblem[],
  warnings: ImportProblem[],
): { labels: Uint16Array; count: number } | null {
  const labels = new Uint16Array(width * height);
  const overlaps = new Map<number, number>();
  const objectRows = rows.filter((row) => row.encoded !== "");
  if (objectRows.length > 0 && objectRows.length < rows.length) {
    const empty = rows.find((row) => row.encoded === "");
    warnings.push(problemAt({ file: empty?.file, line: empty?.line, imageId }, "empty EncodedPixels next to other rows of the same image; ignored"));
  }
  if (objectRows.length > MAX_OBJECTS) {
    problems.push(problemAt({ file: rows[0]?.file, imageId }, `image ${imageId} has ${objectRows.length} objects; at most ${MAX_OBJECTS} are supported`));
    return null;
  }
  let failed = false;
  objectRows.forEach((row, index) => {
    const parsed = parseRle(row.encoded, width * height);
    if (!parsed.ok) {
      problems.push(problemAt({ file: row.file, line: row.line, imageId }, `EncodedPixels of image ${imageId}: ${parsed.message}`));
      failed = true;
      return;
    }
    const label = index + 1;
    const { runs } = parsed;
    for (let k = 0; k < runs.length; k += 2) {
      const start = (runs[k] ?? 1) - 1;
      const end = start + (runs[k + 1] ?? 0);
      // Column-major pixel numbers: index = x * height + y.
      for (let i = start; i < end; i++) {
        const y = i % height;
        const p = y * width + (i - y) / height;
        const previous = labels[p] ?? 0;
        if (previous !== 0) overlaps.set(previous * 65536 + label, (overlaps.get(previous * 65536 + label) ?? 0) + 1);
        labels[p] = label;
      }
    }
  });
  for (const [key, pixels] of overlaps) {
    const a = objectRows[Math.floor(key / 65536) - 1];
    const b = objectRows[(key % 65536) - 1];
    problems.push(
      problemAt({ file: b?.file, line: b?.line, imageId }, `object overlaps the one on line ${a?.line} in ${pixels} pixel(s) (image ${imageId})`),
    );
  }
  return failed || overlaps.size > 0 ? null : { labels, count: objectRows.length };
}

/** Decodes the masks into one label image; label n = n-th mask in natural file order. */
async function labelsFromMasks(
  source: FileSource,
  folder: ImageFolder,
  image: DecodedImage,
  decode: <T>(task: () => Promise<T>) => Promise<T>,
  problems: ImportProblem[],
): Promise<{ labels: Uint16Array; count: number } | null> {
  const { width, height } = image;
  const { imageId, masks } = folder;
  if (masks.length > MAX_OBJECTS) {
    problems.push(problemAt({ file: masks[0], imageId }, `image ${imageId} has ${masks.length} masks; at most ${MAX_OBJECTS} are supported`));
    return null;
  }
  const labels = new Uint16Array(width * height);
  const overlaps = new Map<number, number>();
  const maskProblems: ImportProblem[] = [];
  let failed = false;
  // Masks fold into `labels` as they arrive (label = file index), so no more than a few
  // decoded masks exist at once, whatever the completion order.
  await Promise.all(
    masks.map((file, index) =>
      decode(async () => {
        let decoded;
        try {
          decoded = await decodeImage(await source.read(file));
        } catch (error) {
          decoded = { ok: false as const, message: `cannot read file (${errorText(error)})` };
        }
        const where = { file, imageId };
        if (!decoded.ok) {
          maskProblems.push(problemAt(where, `mask ${decoded.message}`));
          failed = true;
          return;
        }
        const mask = decoded.image;
        if (mask.width !== width || mask.height !== height) {
          maskProblems.push(problemAt(where, `mask is ${mask.width}×${mask.height} but image ${imageId} is ${width}×${height}`));
          failed = true;
          return;
        }
        const inside = foregroundPixels(mask);
        const label = index + 1;
        for (const p of inside) {
          const previous = labels[p] ?? 0;
          if (previous !== 0) {
            const key = Math.min(previous, label) * 65536 + Math.max(previous, label);
            overlaps.set(key, (overlaps.get(key) ?? 0) + 1);
          }
          labels[p] = label;
        }
        if (inside.length === 0) {
          maskProblems.push(problemAt(where, "mask is empty (no non-zero pixel)"));
          failed = true;
        }
      }),
    ),
  );
  // Decodes finish in any order; file order keeps messages stable between runs.
  problems.push(...maskProblems.sort((a, b) => naturalOrder(a.file ?? "", b.file ?? "")));
  const pairs = [...overlaps].sort(([a], [b]) => a - b);
  for (const [key, pixels] of pairs.slice(0, MAX_OVERLAPS_LISTED)) {
    const a = masks[Math.floor(key / 65536) - 1] ?? "";
    const b = masks[(key % 65536) - 1] ?? "";
    problems.push(problemAt({ file: b, imageId }, `masks ${a} and ${b} overlap in ${pixels} pixel(s)`));
  }
  if (pairs.length > MAX_OVERLAPS_LISTED) {
    problems.push(problemAt({ file: masks[0], imageId }, `${pairs.length - MAX_OVERLAPS_LISTED} more overlapping mask pairs in image ${imageId}`));
  }
  return failed || pairs.length > 0 ? null : { labels, count: masks.length };
}

async function importFolder(
  source: FileSource,
  folder: ImageFolder,
  rows: SolutionRow[],
  decode: <T>(task: () => Promise<T>) => Promise<T>,
): Promise<FolderOutcome> {
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const { imageId } = folder;
  const prefix = folder.folder ? `${folder.folder}/` : "";
  const expected = `${prefix}images/${imageId}.png`;
  const named = folder.images.filter((file) => splitImageName(basename(file))?.[0] === imageId);
  if (named.length !== 1) {
    const found = folder.images.length > 0 ? `found ${folder.images.join(", ")}` : "there is no images/ folder";
    const text = named.length === 0 ? `no image ${expected} (${found})` : `several images named ${imageId}: ${named.join(", ")}`;
    problems.push(problemAt({ file: folder.folder || expected, imageId }, text));
    return { problems, warnings };
  }
  const imageFile = named[0] ?? expected;
  const extra = ignoredFilesWarning(folder.images.filter((file) => file !== imageFile), `next to ${imageFile}`);
  if (extra) warnings.push(extra);
  const maskFiles = folder.masks.filter((file) => splitImageName(basename(file)) !== null);
  const notMasks = ignoredFilesWarning(folder.masks.filter((file) => !maskFiles.includes(file)), "in masks/ that are not images");
  if (notMasks) warnings.push(notMasks);
  folder = { ...folder, masks: maskFiles };

  let bytes: Uint8Array;
  try {
    bytes = await source.read(imageFile);
  } catch (error) {
    problems.push(problemAt({ file: imageFile, imageId }, `cannot read file (${errorText(error)})`));
    return { problems, warnings };
  }
  const decoded = await decode(() => decodeImage(bytes));
  if (!decoded.ok) {
    problems.push(problemAt({ file: imageFile, imageId }, `image ${decoded.message}`));
    return { problems, warnings };
  }
  const image = decoded.image;
  const { width, height } = image;
  if (image.pages > 1) warnings.push(problemAt({ file: imageFile, imageId }, `${image.pages} pages; only the first is used`));
  if (folder.masks.length === 0 && rows.length === 0) {
    problems.push(problemAt({ file: imageFile, imageId }, `no masks: image ${imageId} has no masks/ files and no rows in a solution CSV`));
    return { problems, warnings };
  }

  let fromCsv: { labels: Uint16Array; count: number } | null = null;
  let csvOk = true;
  if (rows.length > 0) {
    const bad = rows.filter((row) => row.height !== undefined && (row.height !== height || row.width !== width));
    for (const row of bad.slice(0, 1)) {
      problems.push(
        problemAt(
          { file: row.file, line: row.line, imageId },
          `Height ${row.height} and Width ${row.width} disagree with image ${imageFile} (${height} high, ${width} wide)`,
        ),
      );
    }
    const usages = new Set(rows.map((row) => row.usage));
    if (usages.size > 1) {
      problems.push(problemAt({ file: rows[0]?.file, line: rows[0]?.line, imageId }, `rows of image ${imageId} have different Usage values`));
    }
    csvOk = bad.length === 0 && usages.size <= 1;
    if (csvOk) {
      fromCsv = labelsFromRows(rows, imageId, width, height, problems, warnings);
      csvOk = fromCsv !== null;
    }
  }
  const fromMasks = folder.masks.length > 0 ? await labelsFromMasks(source, folder, image, decode, problems) : null;
  if (fromMasks && fromCsv && !sameSegmentation(fromMasks.labels, fromCsv.labels)) {
    const csvFile = rows[0]?.file ?? "";
    const detail =
      fromMasks.count !== fromCsv.count
        ? `${fromMasks.count} mask file(s) but ${fromCsv.count} CSV row(s)`
        : `${differingPixels(fromMasks.labels, fromCsv.labels)} pixel(s) differ in foreground`;
    problems.push(problemAt({ file: csvFile, line: rows[0]?.line, imageId }, `masks/ and ${csvFile} disagree for image ${imageId}: ${detail}`));
  }
  const result = fromMasks ?? fromCsv;
  if (problems.length > 0 || !result || (rows.length > 0 && !csvOk)) return { problems, warnings };

  const usage = rows[0]?.usage ?? null;
  const original = originalIfDeep(imageFile, bytes, image);
  return {
    problems,
    warnings,
    item: {
      imageId,
      width,
      height,
      png: await decode(() => displayPng(bytes, image)),
      labels: result.labels,
      objectCount: result.count,
      metadata: {},
      usage,
      usageSource: usage ? rows[0]?.file : undefined,
      source: imageFile,
      ...(original ? { original } : {}),
      // Labels follow the mask files' natural order, so names by label are that list.
      ...(fromMasks ? { maskNames: folder.masks.map(basename) } : {}),
    },
  };
}

/** Pixels that are foreground in one label image and background in the other. */
function differingPixels(a: Uint16Array, b: Uint16Array): number {
  let n = 0;
  for (let p = 0; p < a.length; p++) if ((a[p] === 0) !== (b[p] === 0)) n++;
  return n;
}

/**
 * Imports a DSB 2018 style dataset. Collects every problem before returning; never throws
 * on bad input.
 */
export async function importDsb(
  source: FileSource,
  options: ImportOptions = {},
): Promise<ImportResult<ImportedSegmentationDataset>> {
  const problems: ImportProblem[] = [...source.problems];
  const warnings: ImportProblem[] = [];
  const files = source.list();
  const metadataPaths = new Set(metadataFiles(source, options.metadataCsv));
  const { folders, other } = findImageFolders(files);

  // Solution CSVs are recognized by their header, wherever they are.
  const rowsById = new Map<string, SolutionRow[]>();
  const ignored: string[] = [];
  const csvFiles = await readCsvFiles(source, other.filter((file) => !metadataPaths.has(file)), problems, ignored);
  for (const { file, bytes, header } of csvFiles) {
    if (isSolutionCsv(file, header)) readSolutionCsv(file, bytes, rowsById, problems);
    else ignored.push(file);
  }
  const ignoredWarning = ignoredFilesWarning(ignored, "that are neither image folders nor solution CSVs");
  if (ignoredWarning) warnings.push(ignoredWarning);

  const knownIds = new Set<string>();
  const firstFolder = new Map<string, string>();
  const toImport: ImageFolder[] = [];
  for (const folder of folders) {
    const reason = invalidIdReason(folder.imageId);
    if (reason) {
      problems.push(problemAt({ file: folder.folder }, `ImageId "${folder.imageId}" ${reason}`));
      continue;
    }
    knownIds.add(folder.imageId);
    const first = firstFolder.get(folder.imageId);
    if (first !== undefined) {
      problems.push(problemAt({ file: folder.folder, imageId: folder.imageId }, `duplicate ImageId: image ${folder.imageId} is also in ${first}/`));
      continue;
    }
    firstFolder.set(folder.imageId, folder.folder);
    toImport.push(folder);
  }
  for (const [imageId, rows] of rowsById) {
    if (!knownIds.has(imageId)) {
      const row = rows[0];
      problems.push(
        problemAt(
          { file: row?.file, line: row?.line, imageId },
          `${rows.length} row(s) for image ${imageId}, which has no <ImageId>/images/${imageId}.png; images are required`,
        ),
      );
    }
  }
  if (folders.length === 0 && rowsById.size === 0) {
    problems.push({ message: `${source.name}: no DSB image folders (<ImageId>/images/<ImageId>.png) found` });
  }

  const decode = createLimiter(DECODE_CONCURRENCY);
  let done = 0;
  options.onProgress?.(0, toImport.length);
  const outcomes = await mapLimit(toImport, IMAGE_CONCURRENCY, async (folder) => {
    const outcome = await importFolder(source, folder, rowsById.get(folder.imageId) ?? [], decode);
    options.onProgress?.(++done, toImport.length);
    return outcome;
  });
  const items: Array<ImportedSegmentationItem & { usageSource?: string }> = [];
  for (const outcome of outcomes) {
    problems.push(...outcome.problems);
    warnings.push(...outcome.warnings);
    if (outcome.item) items.push(outcome.item);
  }

  const metadata = await loadMetadata(source, options.metadataCsv, problems);
  if (metadata) applyMetadata(metadata, items, knownIds, problems, warnings);

  if (problems.length > 0) return { ok: false, problems, warnings };
  items.sort((a, b) => byCodeUnit(a.imageId, b.imageId));
  return {
    ok: true,
    warnings,
    value: {
      kind: "instance_segmentation",
      layout: "dsb",
      items: items.map(({ usageSource: _, ...item }) => item),
    },
  };
}
