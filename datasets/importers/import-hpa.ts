// Human Protein Atlas layout: four greyscale files per sample, `<Id>_{red,green,blue,yellow}`,
// and a `train.csv` of `Id,Target` with space-separated class ids 0–27.
import { HPA_CHANNELS } from "../types";
import type { HpaChannel, ItemUsage } from "../types";
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
const HPA_CLASS_COUNT = 28;

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

function readLabelsCsv(file: string, bytes: Uint8Array, rowsById: Map<string, LabelRow>, problems: ImportProblem[], warnings: ImportProblem[]): void {
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
    const bad = tokens.filter((token) => !/^\d+$/.test(token) || Number(token) >= HPA_CLASS_COUNT);
    if (bad.length > 0) {
      problems.push(problemAt(where, `Target "${target}" of image ${imageId}: ${bad.map((t) => `"${t}"`).join(", ")} not an integer from 0 to 27`));
      rowsById.set(imageId, { file, line, labels: [], usage: null, invalid: true });
      continue;
    }
    if (tokens.length === 0) warnings.push(problemAt(where, `image ${imageId} has no labels (empty Target)`));
    const labels = [...new Set(tokens.map(Number))].sort((a, b) => a - b);
    if (labels.length !== tokens.length) warnings.push(problemAt(where, `Target "${target}" repeats a label; counted once`));
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
    rowsById.set(imageId, { file, line, labels, usage });
  }
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
  const problems: ImportProblem[] = [...source.problems];
  const warnings: ImportProblem[] = [];
  const metadataPaths = new Set(metadataFiles(source, options.metadataCsv));
  const { samples, other, ids: knownIds } = findHpaSamples(source.list(), problems);

  const rowsById = new Map<string, LabelRow>();
  const ignored: string[] = [];
  let labelFiles = 0;
  const csvFiles = await readCsvFiles(source, other.filter((file) => !metadataPaths.has(file)), problems, ignored);
  for (const { file, bytes, header } of csvFiles) {
    if (header[0] === "Id" && header[1] === "Target") {
      labelFiles++;
      readLabelsCsv(file, bytes, rowsById, problems, warnings);
    } else ignored.push(file);
  }
  const ignoredWarning = ignoredFilesWarning(ignored, "that are neither <Id>_<channel> images nor an Id,Target CSV");
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
    value: { kind: "multilabel_classification", layout: "hpa", items: items.map(({ usageSource: _, ...item }) => item) },
  };
}
