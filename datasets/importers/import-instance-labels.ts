// Cellpose / StarDist style: an image next to an integer label image, either
// `<name>.tif` + `<name>_masks.tif` (Cellpose) or `images/<name>.tif` + `masks/<name>.tif`
// (StarDist). Labels are any distinct non-zero integers; they are renumbered 1..n.
import { createLimiter, mapLimit } from "./concurrency";
import { colourChannels, decodeImage, displayPng, originalIfDeep } from "./decode-image";
import type { DecodedImage } from "./decode-image";
import type { FileSource } from "./file-source";
import { errorText } from "./file-source";
import { fragmentedLabels, MAX_OBJECTS, relabelByFirstAppearance } from "./labels";
import { applyMetadata, loadMetadata, metadataFiles } from "./metadata-table";
import { basename, byCodeUnit, dirname, ignoredFilesWarning, invalidIdReason, problemAt, splitImageName } from "./problems";
import type { ImportedSegmentationDataset, ImportedSegmentationItem, ImportOptions, ImportProblem, ImportResult } from "./types";

const PAIR_CONCURRENCY = 4;
const DECODE_CONCURRENCY = 8;

/** Cellpose writes these next to the training pairs; they are outputs, not inputs. */
const CELLPOSE_OUTPUT = /_(flows|outlines|cp_masks|cp_outlines|cp_output)$/;

interface LabelPair {
  imageId: string;
  image: string;
  mask: string;
}

type Kind = { kind: "image"; key: string; imageId: string } | { kind: "mask"; key: string; imageId: string } | { kind: "other" };

/** The pairing key is the folder (StarDist's images/ and masks/ meet in their parent) plus the name. */
function classify(file: string): Kind {
  const split = splitImageName(basename(file));
  if (!split) return { kind: "other" };
  const [stem] = split;
  if (CELLPOSE_OUTPUT.test(stem)) return { kind: "other" };
  const folder = dirname(file);
  const folderName = basename(folder);
  if (stem.endsWith("_masks")) {
    const imageId = stem.slice(0, -"_masks".length);
    return { kind: "mask", key: `${folder}\n${imageId}`, imageId };
  }
  if (folderName === "masks") return { kind: "mask", key: `${dirname(folder)}/images\n${stem}`, imageId: stem };
  return { kind: "image", key: `${folder}\n${stem}`, imageId: stem };
}

function findLabelPairs(files: readonly string[], problems: ImportProblem[]): { pairs: LabelPair[]; other: string[]; ids: Set<string> } {
  const images = new Map<string, { imageId: string; files: string[] }>();
  const masks = new Map<string, { imageId: string; files: string[] }>();
  const other: string[] = [];
  for (const file of files) {
    const kind = classify(file);
    if (kind.kind === "other") {
      other.push(file);
      continue;
    }
    const map = kind.kind === "image" ? images : masks;
    let entry = map.get(kind.key);
    if (!entry) map.set(kind.key, (entry = { imageId: kind.imageId, files: [] }));
    entry.files.push(file);
  }
  const pairs: LabelPair[] = [];
  const ids = new Set<string>();
  for (const [key, image] of images) {
    const mask = masks.get(key);
    const { imageId } = image;
    ids.add(imageId);
    if (image.files.length > 1 || (mask && mask.files.length > 1)) {
      const all = [...image.files, ...(mask?.files ?? [])].join(", ");
      problems.push(problemAt({ file: image.files[0], imageId }, `several files for image ${imageId}: ${all}; keep one image and one mask`));
      continue;
    }
    const imageFile = image.files[0] ?? "";
    if (!mask) {
      const [stem, ext] = splitImageName(basename(imageFile)) ?? [imageId, "tif"];
      problems.push(problemAt({ file: imageFile, imageId }, `image without mask: expected ${stem}_masks.${ext} next to it (or masks/${stem}.${ext} beside images/)`));
      continue;
    }
    pairs.push({ imageId, image: imageFile, mask: mask.files[0] ?? "" });
  }
  for (const [key, mask] of masks) {
    if (images.has(key)) continue;
    ids.add(mask.imageId);
    for (const file of mask.files) problems.push(problemAt({ file, imageId: mask.imageId }, `mask without image ${mask.imageId}`));
  }
  pairs.sort((a, b) => byCodeUnit(a.imageId, b.imageId) || byCodeUnit(a.image, b.image));
  return { pairs, other, ids };
}

/** Label values as plain numbers, or the reason they are not instance labels. */
function labelValues(mask: DecodedImage): { ok: true; values: ArrayLike<number> } | { ok: false; message: string } {
  const colour = colourChannels(mask);
  const { data, channels } = mask;
  const pixels = mask.width * mask.height;
  let values: ArrayLike<number> = data;
  if (channels !== 1) {
    // A grey label image saved as RGB(A) is fine; real colour (a rendered overlay) is not.
    const first = new Float64Array(pixels);
    for (let p = 0, i = 0; p < pixels; p++, i += channels) {
      const v = data[i] ?? 0;
      for (let c = 1; c < colour; c++) {
        if (data[i + c] !== v) return { ok: false, message: `mask has ${colour} differing colour channels; expected one channel of integer labels` };
      }
      first[p] = v;
    }
    values = first;
  }
  if (mask.depth === "float" || mask.depth === "double" || mask.depth === "int") {
    for (let p = 0; p < pixels; p++) {
      const v = values[p] ?? 0;
      if (!Number.isInteger(v) || v < 0) {
        const x = p % mask.width;
        return { ok: false, message: `mask value ${v} at x=${x}, y=${(p - x) / mask.width} is not a non-negative integer; labels must be integers` };
      }
    }
  }
  return { ok: true, values };
}

async function importPair(
  source: FileSource,
  pair: LabelPair,
  decode: <T>(task: () => Promise<T>) => Promise<T>,
  problems: ImportProblem[],
  warnings: ImportProblem[],
): Promise<ImportedSegmentationItem | null> {
  const { imageId } = pair;
  const read = async (file: string): Promise<{ bytes: Uint8Array; image: DecodedImage } | null> =>
    decode(async () => {
      try {
        const bytes = await source.read(file);
        const decoded = await decodeImage(bytes);
        if (decoded.ok) return { bytes, image: decoded.image };
        problems.push(problemAt({ file, imageId }, decoded.message));
      } catch (error) {
        problems.push(problemAt({ file, imageId }, `cannot read file (${errorText(error)})`));
      }
      return null;
    });
  const [image, mask] = await Promise.all([read(pair.image), read(pair.mask)]);
  if (!image || !mask) return null;
  const { width, height } = image.image;
  if (mask.image.width !== width || mask.image.height !== height) {
    problems.push(problemAt({ file: pair.mask, imageId }, `mask is ${mask.image.width}×${mask.image.height} but the image (${pair.image}) is ${width}×${height}`));
    return null;
  }
  for (const [file, decoded] of [[pair.image, image], [pair.mask, mask]] as const) {
    if (decoded.image.pages > 1) warnings.push(problemAt({ file, imageId }, `${decoded.image.pages} pages; only the first is used`));
  }
  if (mask.image.depth === "short" || mask.image.depth === "char") {
    // libvips's grey16 conversion clamps negatives to 0 before we see them.
    warnings.push(problemAt({ file: pair.mask, imageId }, "signed label image: negative values, if any, read as background; prefer unsigned 16-bit"));
  }
  const values = labelValues(mask.image);
  if (!values.ok) {
    problems.push(problemAt({ file: pair.mask, imageId }, values.message));
    return null;
  }
  const relabelled = relabelByFirstAppearance(values.values);
  if (!relabelled.ok) {
    problems.push(problemAt({ file: pair.mask, imageId }, `mask has ${relabelled.count} objects; at most ${MAX_OBJECTS} are supported`));
    return null;
  }
  const fragmented = fragmentedLabels(relabelled.labels, width, height, relabelled.count);
  if (fragmented.length > 0) {
    const shown = fragmented.slice(0, 10).join(", ");
    warnings.push(
      problemAt(
        { file: pair.mask, imageId },
        `${fragmented.length} object(s) made of several disconnected pieces (labels ${shown}${fragmented.length > 10 ? ", …" : ""} after renumbering); kept as one object each`,
      ),
    );
  }
  const original = originalIfDeep(pair.image, image.bytes, image.image);
  return {
    imageId,
    width,
    height,
    png: await decode(() => displayPng(image.bytes, image.image)),
    labels: relabelled.labels,
    objectCount: relabelled.count,
    metadata: {},
    usage: null,
    source: pair.image,
    ...(original ? { original } : {}),
  };
}

/** Imports image + label-image pairs. Collects every problem before returning; never throws on bad input. */
export async function importInstanceLabels(
  source: FileSource,
  options: ImportOptions = {},
): Promise<ImportResult<ImportedSegmentationDataset>> {
  const problems: ImportProblem[] = [...source.problems];
  const warnings: ImportProblem[] = [];
  const metadataPaths = new Set(metadataFiles(source, options.metadataCsv));
  const { pairs, other, ids } = findLabelPairs(source.list(), problems);
  const ignored = ignoredFilesWarning(other.filter((file) => !metadataPaths.has(file)), "that are not images or label images");
  if (ignored) warnings.push(ignored);
  if (pairs.length === 0 && ids.size === 0) problems.push({ message: `${source.name}: no image/label pairs (<name>.tif + <name>_masks.tif) found` });

  const seen = new Map<string, string>();
  const toImport: LabelPair[] = [];
  for (const pair of pairs) {
    const reason = invalidIdReason(pair.imageId);
    if (reason) {
      problems.push(problemAt({ file: pair.image }, `image name "${pair.imageId}" ${reason}; it becomes the ImageId in CSV files`));
      continue;
    }
    const first = seen.get(pair.imageId);
    if (first) {
      problems.push(problemAt({ file: pair.image, imageId: pair.imageId }, `duplicate ImageId: image ${pair.imageId} is also ${first}`));
      continue;
    }
    seen.set(pair.imageId, pair.image);
    toImport.push(pair);
  }

  const decode = createLimiter(DECODE_CONCURRENCY);
  let done = 0;
  options.onProgress?.(0, toImport.length);
  const outcomes = await mapLimit(toImport, PAIR_CONCURRENCY, async (pair) => {
    const pairProblems: ImportProblem[] = [];
    const pairWarnings: ImportProblem[] = [];
    const item = await importPair(source, pair, decode, pairProblems, pairWarnings);
    options.onProgress?.(++done, toImport.length);
    return { item, problems: pairProblems, warnings: pairWarnings };
  });
  const items: ImportedSegmentationItem[] = [];
  for (const outcome of outcomes) {
    problems.push(...outcome.problems.sort((a, b) => byCodeUnit(a.message, b.message)));
    warnings.push(...outcome.warnings);
    if (outcome.item) items.push(outcome.item);
  }

  const metadata = await loadMetadata(source, options.metadataCsv, problems);
  if (metadata) applyMetadata(metadata, items, ids, problems, warnings);

  if (problems.length > 0) return { ok: false, problems, warnings };
  items.sort((a, b) => byCodeUnit(a.imageId, b.imageId));
  return { ok: true, warnings, value: { kind: "instance_segmentation", layout: "instance-labels", items } };
}
