// Human Protein Atlas layout: four greyscale files per sample, `<Id>_{red,green,blue,yellow}`,
// a `train.csv` of `Id,Target` with space-separated class ids, and optionally a `classes.csv`
// of `Label,Name` naming any number of classes (without one: HPA's 28, or the labels seen).
import { HPA_CHANNELS } from "../types";
import type { HpaChannel, ItemUsage } from "../types";
import { HPA_CLASSES } from "../../scorers/hpa-macro-f1/classes";
import { createLimiter, mapLimit } from "./concurrency";
import { decodeText, parseCsv, readCsvFiles } from "./csv-table";
import { colourChannels, decodeImage, encodePng, ownBytes, plane, to8Bit } from "./decode-image";
import type { DecodedImage } from "./decode-image";
import type { FileSource } from "./file-source";
import { errorText } from "./file-source";
import { applyMetadata, isUsage, loadMetadata, metadataFiles } from "./metadata-table";
import { basename, byCodeUnit, dirname, ignoredFilesWarning, invalidIdReason, problemAt, splitImageName } from "./problems";
import type { ImportedCellDataset, ImportedCellItem, ImportOptions, ImportProblem, ImportResult } from "./types";

const SAMPLE_CONCURRENCY = 4;
const DECODE_CONCURRENCY = 8;
const HPA_CLASS_COUNT = HPA_CLASSES.length;
/** What the scorers take (their classCount params stop at 10,000). */
const MAX_CLASSES = 10_000;

const CHANNEL_FILE = /^(.+)_(red|green|blue|yellow)$/;
const isChannel = (name: string): name is HpaChannel => (HPA_CHANNELS as readonly string[]).includes(name);

/** Where a channel sits in an RGB file; yellow (red plus green light) is their mean. */
const RGB_PICK = { red: 0, green: 1, blue: 2, yellow: "yellow" } as const satisfies Record<HpaChannel, 0 | 1 | 2 | "yellow">;

interface Sample {
  imageId: string;
  /** `<folder>/<Id>`, for messages. */
  prefix: string;
  files: Partial<Record<HpaChannel, string>>;
}

interface LabelRow {
  file: string;
  line: number;
  labels: number[];
  usage: ItemUsage | null;
  /** The Target cell as written, for messages. */
  target?: string;
  /** Reported already; the Id counts as listed but is not imported. */
  invalid?: boolean;
}

/**
 * `<Id>_<channel>.<ext>` files grouped by folder and Id. An Id found in two folders is
 * ambiguous: reported once and imported from neither.
 */
function findHpaSamples(files: readonly string[], problems: ImportProblem[]): { samples: Sample[]; other: string[]; ids: Set<string> } {
  const byPrefix = new Map<string, Sample>();
  const other: string[] = [];
  for (const file of files) {
    const split = splitImageName(basename(file));
    const match = split ? CHANNEL_FILE.exec(split[0]) : null;
    const channel = match?.[2];
    if (!match || !channel || !isChannel(channel)) {
      other.push(file);
      continue;
    }
    const imageId = match[1] ?? "";
    const folder = dirname(file);
    const prefix = folder ? `${folder}/${imageId}` : imageId;
    let sample = byPrefix.get(prefix);
    if (!sample) byPrefix.set(prefix, (sample = { imageId, prefix, files: {} }));
    const existing = sample.files[channel];
    if (existing) problems.push(problemAt({ file, imageId }, `duplicate ${channel} channel for image ${imageId}: ${existing} and ${file}`));
    else sample.files[channel] = file;
  }
  const byId = new Map<string, Sample[]>();
  for (const sample of byPrefix.values()) byId.set(sample.imageId, [...(byId.get(sample.imageId) ?? []), sample]);
  const samples: Sample[] = [];
  for (const [imageId, found] of byId) {
    if (found.length === 1 && found[0]) samples.push(found[0]);
    else {
      const where = found.map((sample) => `${sample.prefix}_*`).sort(byCodeUnit);
      problems.push(problemAt({ file: where[0], imageId }, `duplicate Id: image ${imageId} has files at ${where.join(" and ")}`));
    }
  }
  samples.sort((a, b) => byCodeUnit(a.imageId, b.imageId));
  return { samples, other, ids: new Set(byId.keys()) };
}

/** Why a row cannot be single-label (null when it has exactly one label). */
function singleLabelProblem(imageId: string, target: string, labels: readonly number[]): string | null {
  if (labels.length === 1) return null;
  const found = labels.length === 0 ? "has no label (empty Target)" : `has ${labels.length} labels (Target "${target}")`;
  return `image ${imageId} ${found}; a single-label dataset needs exactly one class per image`;
}

function readLabelsCsv(
  file: string,
  bytes: Uint8Array,
  single: boolean,
  rowsById: Map<string, LabelRow>,
  problems: ImportProblem[],
  warnings: ImportProblem[],
): void {
  const table = parseCsv(decodeText(bytes), file, problems);
  if (!table) return;
  const usageAt = table.header.indexOf("Usage");
  for (const { line, fields } of table.rows) {
    const imageId = fields[0] ?? "";
    const where = { file, line, imageId };
    if (imageId === "") {
      problems.push(problemAt(where, "Id is empty"));
      continue;
    }
    const first = rowsById.get(imageId);
    if (first) {
      problems.push(problemAt(where, `duplicate Id: image ${imageId} already on ${first.file}:${first.line}`));
      continue;
    }
    const target = (fields[1] ?? "").trim();
    const tokens = target === "" ? [] : target.split(/\s+/);
    const bad = tokens.filter((token) => !/^\d+$/.test(token) || Number(token) >= MAX_CLASSES);
    if (bad.length > 0) {
      problems.push(problemAt(where, `Target "${target}" of image ${imageId}: ${bad.map((t) => `"${t}"`).join(", ")} not a class number (an integer from 0 to ${MAX_CLASSES - 1})`));
      rowsById.set(imageId, { file, line, labels: [], usage: null, invalid: true });
      continue;
    }
    if (tokens.length === 0 && !single) warnings.push(problemAt(where, `image ${imageId} has no labels (empty Target)`));
    const labels = [...new Set(tokens.map(Number))].sort((a, b) => a - b);
    if (labels.length !== tokens.length) warnings.push(problemAt(where, `Target "${target}" repeats a label; counted once`));
    const notSingle = single ? singleLabelProblem(imageId, target, labels) : null;
    if (notSingle) problems.push(problemAt(where, notSingle));
    let usage: ItemUsage | null = null;
    if (usageAt >= 0) {
      const value = fields[usageAt] ?? "";
      if (isUsage(value)) usage = value;
      else if (value !== "") {
        problems.push(problemAt(where, `Usage "${value}" must be Public, Private, Validation or Ignored`));
        rowsById.set(imageId, { file, line, labels, usage: null, invalid: true });
        continue;
      }
    }
    rowsById.set(imageId, { file, line, labels, usage, target, ...(notSingle ? { invalid: true } : {}) });
  }
}

/** A classes CSV (`Label,Name`): every label from 0 to n-1 exactly once, each with a distinct, non-empty name. */
function readClassesCsv(file: string, bytes: Uint8Array, problems: ImportProblem[]): string[] | null {
  const table = parseCsv(decodeText(bytes), file, problems);
  if (!table) return null;
  const names = new Map<number, { name: string; line: number }>();
  const lineOfName = new Map<string, number>();
  let ok = true;
  for (const { line, fields } of table.rows) {
    const label = (fields[0] ?? "").trim();
    const name = (fields[1] ?? "").trim();
    const fail = (text: string) => {
      problems.push(problemAt({ file, line }, text));
      ok = false;
    };
    if (!/^\d+$/.test(label) || Number(label) >= MAX_CLASSES) fail(`Label "${label}" is not a class number (an integer from 0 to ${MAX_CLASSES - 1})`);
    else if (name === "") fail(`class ${label} has no Name`);
    else if (names.has(Number(label))) fail(`duplicate Label ${label} (first on line ${names.get(Number(label))?.line})`);
    else if (lineOfName.has(name)) fail(`duplicate Name "${name}" (first on line ${lineOfName.get(name)})`);
    else {
      names.set(Number(label), { name, line });
      lineOfName.set(name, line);
    }
  }
  if (!ok) return null;
  if (names.size === 0) {
    problems.push(problemAt({ file }, "no classes listed (header Label,Name, then one row per class)"));
    return null;
  }
  const missing = Array.from({ length: Math.max(...names.keys()) + 1 }, (_, c) => c).filter((c) => !names.has(c));
  if (missing.length > 0) {
    problems.push(problemAt({ file }, `labels must run from 0 without gaps; missing ${missing.slice(0, 20).join(", ")}${missing.length > 20 ? ` and ${missing.length - 20} more` : ""}`));
    return null;
  }
  return [...names.entries()].sort(([a], [b]) => a - b).map(([, { name }]) => name);
}

/**
 * The dataset's class names: the classes CSV's, HPA's 28 when every label fits them, else
 * one per number up to the largest label seen (with a warning: name them in a classes.csv).
 * Single-label data is never given HPA's names: they describe HPA's multi-label task, and 28
 * classes where the data has 5 would put 23 empty classes into every macro average.
 */
function classNamesOf(
  classesCsv: { file: string; names: string[] } | null,
  rows: ReadonlyMap<string, LabelRow>,
  single: boolean,
  problems: ImportProblem[],
  warnings: ImportProblem[],
): string[] {
  const valid = [...rows].filter(([, row]) => !row.invalid);
  if (classesCsv) {
    const count = classesCsv.names.length;
    for (const [imageId, row] of valid) {
      const outside = row.labels.filter((label) => label >= count);
      if (outside.length > 0) {
        problems.push(problemAt({ file: row.file, line: row.line, imageId }, `Target "${row.target}" of image ${imageId}: ${outside.join(", ")} not a class of ${classesCsv.file} (labels 0 to ${count - 1})`));
      }
    }
    return classesCsv.names;
  }
  const largest = valid.reduce((max, [, row]) => row.labels.reduce((m, label) => Math.max(m, label), max), -1);
  if (single) {
    if (largest < 0) return [];
    warnings.push({ message: `no classes CSV (header Label,Name): the ${largest + 1} classes (labels 0 to ${largest}) are named by number; add a classes.csv to name them` });
    return Array.from({ length: largest + 1 }, (_, c) => `class ${c}`);
  }
  if (largest < HPA_CLASS_COUNT) return [...HPA_CLASSES];
  warnings.push({ message: `no classes CSV (header Label,Name): labels go up to ${largest}, beyond HPA's 28 classes, so the ${largest + 1} classes are named by number; add a classes.csv to name them` });
  return Array.from({ length: largest + 1 }, (_, c) => `class ${c}`);
}

/** Every valid row has exactly one label (and there is at least one): a hint that the data is single-label. */
function looksSingleLabel(rows: ReadonlyMap<string, LabelRow>): boolean {
  const valid = [...rows.values()].filter((row) => !row.invalid);
  return valid.length > 0 && valid.every((row) => row.labels.length === 1);
}

/** One channel as an 8-bit grey PNG; an 8-bit grey PNG file is kept byte for byte. */
async function channelPng(bytes: Uint8Array, image: DecodedImage, channel: HpaChannel): Promise<Uint8Array> {
  const colour = colourChannels(image);
  if (image.format === "png" && image.depth === "uchar" && colour === 1 && !image.hasAlpha && !image.isPalette) return ownBytes(bytes);
  const [grey] = to8Bit([plane(image, colour >= 3 ? RGB_PICK[channel] : 0)], image.depth);
  return encodePng([grey ?? new Uint8Array()], image.width, image.height);
}

async function importSample(
  source: FileSource,
  sample: Sample,
  row: LabelRow,
  decode: <T>(task: () => Promise<T>) => Promise<T>,
  problems: ImportProblem[],
): Promise<(ImportedCellItem & { usageSource?: string }) | null> {
  const { imageId } = sample;
  const decoded = await Promise.all(
    HPA_CHANNELS.map((channel) =>
      decode(async () => {
        const file = sample.files[channel] ?? "";
        try {
          const bytes = await source.read(file);
          const result = await decodeImage(bytes);
          if (!result.ok) {
            problems.push(problemAt({ file, imageId }, `${channel} channel ${result.message}`));
            return null;
          }
          return { file, channel, image: result.image, png: await channelPng(bytes, result.image, channel) };
        } catch (error) {
          problems.push(problemAt({ file, imageId }, `cannot read file (${errorText(error)})`));
          return null;
        }
      }),
    ),
  );
  const ok = decoded.filter((d) => d !== null);
  if (ok.length !== HPA_CHANNELS.length) return null;
  const [first] = ok;
  if (!first) return null;
  const { width, height } = first.image;
  const odd = ok.filter((d) => d.image.width !== width || d.image.height !== height);
  if (odd.length > 0) {
    const sizes = ok.map((d) => `${d.channel} ${d.image.width}×${d.image.height}`).join(", ");
    problems.push(problemAt({ file: odd[0]?.file, imageId }, `channel sizes of image ${imageId} disagree: ${sizes}`));
    return null;
  }
  const channels = Object.fromEntries(ok.map((d) => [d.channel, d.png])) as Record<HpaChannel, Uint8Array>;
  return {
    imageId,
    width,
    height,
    channels,
    labels: row.labels,
    metadata: {},
    usage: row.usage,
    usageSource: row.usage ? row.file : undefined,
    source: sample.prefix,
  };
}

/** Imports an HPA-style dataset. Collects every problem before returning; never throws on bad input. */
export async function importHpa(source: FileSource, options: ImportOptions = {}): Promise<ImportResult<ImportedCellDataset>> {
  const single = options.labels === "single";
  const problems: ImportProblem[] = [...source.problems];
  const warnings: ImportProblem[] = [];
  const metadataPaths = new Set(metadataFiles(source, options.metadataCsv));
  const { samples, other, ids: knownIds } = findHpaSamples(source.list(), problems);

  const rowsById = new Map<string, LabelRow>();
  const ignored: string[] = [];
  let labelFiles = 0;
  let classesCsv: { file: string; names: string[] } | null = null;
  const classFiles: string[] = [];
  const csvFiles = await readCsvFiles(source, other.filter((file) => !metadataPaths.has(file)), problems, ignored);
  for (const { file, bytes, header } of csvFiles) {
    if (header[0] === "Id" && header[1] === "Target") {
      labelFiles++;
      readLabelsCsv(file, bytes, single, rowsById, problems, warnings);
    } else if ((header[0] === "Label" || header[0] === "Class") && header[1] === "Name") {
      classFiles.push(file);
      const names = readClassesCsv(file, bytes, problems);
      if (names && classFiles.length === 1) classesCsv = { file, names };
    } else ignored.push(file);
  }
  if (classFiles.length > 1) problems.push(problemAt({ file: classFiles[1] }, `several classes CSVs (${classFiles.join(", ")}); keep one`));
  const classes = classNamesOf(classesCsv, rowsById, single, problems, warnings);
  // Single-label scorers compare at least two classes; one class has nothing to predict. (Rows
  // already reported may hold the other classes: then this would only be a consequence.)
  const rowsValid = [...rowsById.values()].every((row) => !row.invalid);
  if (single && classes.length === 1 && (classesCsv !== null || rowsValid)) problems.push({ message: `${classesCsv?.file ?? source.name}: a single-label dataset needs at least two classes; there is only one (label 0)` });
  if (!single && looksSingleLabel(rowsById)) {
    warnings.push({ message: "every image has exactly one label: imported as multi-label classification; import it as single-label (--single-label, or taskType singlelabel_classification) to score it by accuracy or macro F1" });
  }
  const ignoredWarning = ignoredFilesWarning(ignored, "that are neither <Id>_<channel> images nor an Id,Target or Label,Name CSV");
  if (ignoredWarning) warnings.push(ignoredWarning);
  if (labelFiles === 0) problems.push({ message: `${source.name}: no labels CSV (header Id,Target) found` });
  if (samples.length === 0) problems.push({ message: `${source.name}: no <Id>_{red,green,blue,yellow} images found` });

  const toImport: Array<{ sample: Sample; row: LabelRow }> = [];
  for (const sample of samples) {
    const { imageId, prefix } = sample;
    const reason = invalidIdReason(imageId);
    if (reason) {
      problems.push(problemAt({ file: prefix }, `Id "${imageId}" ${reason}`));
      continue;
    }
    const missing = HPA_CHANNELS.filter((channel) => !sample.files[channel]);
    if (missing.length > 0) {
      const present = HPA_CHANNELS.filter((channel) => sample.files[channel]);
      problems.push(
        problemAt({ file: sample.files[present[0] ?? "red"], imageId }, `image ${imageId} is missing ${missing.map((c) => `${prefix}_${c}`).join(", ")}`),
      );
    }
    const row = rowsById.get(imageId);
    if (!row && labelFiles > 0) problems.push(problemAt({ file: `${prefix}_*`, imageId }, `image ${imageId} has no row in the labels CSV`));
    if (row && !row.invalid && missing.length === 0) toImport.push({ sample, row });
  }
  for (const [imageId, row] of rowsById) {
    if (!knownIds.has(imageId)) {
      problems.push(problemAt({ file: row.file, line: row.line, imageId }, `image ${imageId} has no channel files (${imageId}_red.png …)`));
    }
  }

  const decode = createLimiter(DECODE_CONCURRENCY);
  let done = 0;
  options.onProgress?.(0, toImport.length);
  const outcomes = await mapLimit(toImport, SAMPLE_CONCURRENCY, async ({ sample, row }) => {
    const sampleProblems: ImportProblem[] = [];
    const item = await importSample(source, sample, row, decode, sampleProblems);
    options.onProgress?.(++done, toImport.length);
    return { item, problems: sampleProblems };
  });
  const items: Array<ImportedCellItem & { usageSource?: string }> = [];
  for (const outcome of outcomes) {
    // Channel decodes finish in any order; sorting keeps messages stable between runs.
    problems.push(...outcome.problems.sort((a, b) => byCodeUnit(a.message, b.message)));
    if (outcome.item) items.push(outcome.item);
  }

  const metadata = await loadMetadata(source, options.metadataCsv, problems);
  if (metadata) applyMetadata(metadata, items, knownIds, problems, warnings);

  if (problems.length > 0) return { ok: false, problems, warnings };
  return {
    ok: true,
    warnings,
    value: { kind: single ? "singlelabel_classification" : "multilabel_classification", layout: "hpa", classes, items: items.map(({ usageSource: _, ...item }) => item) },
  };
}
