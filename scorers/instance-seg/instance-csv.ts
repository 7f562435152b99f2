// The Kaggle DSB file formats, shared by every instance-segmentation scorer: truth
// `ImageId,EncodedPixels,Height,Width[,Usage]` and submissions `ImageId,EncodedPixels`.
import { headerOf, splitCsvLine } from "../csv";
import { isTruthUsage, type Parsed, type Rejection, type TruthUsage } from "../types";
import { parseRle } from "./rle";
import { areasOf, findOverlap, sortRuns, type SortedRuns } from "./runs";

export interface TruthImage {
  height: number;
  width: number;
  /**
   * Null without a Usage column. "Ignored" images are validated but never scored;
   * "Validation" images are validated and scored per image, never in the test scores.
   */
  usage: TruthUsage | null;
  /** Runs of each true object: objects[k] = [start, length, start, length, …] (1-based). */
  objects: Int32Array[];
  /** All true runs sorted by start, built once: 0-based [start, end) and object label (1-based). */
  sorted?: SortedRuns;
  /** Pixel count of each true object, indexed by label. */
  areas?: Float64Array;
}

export interface InstanceTruth {
  images: Map<string, TruthImage>;
  /** Image ids in truth-file order, for a stable report. */
  order: string[];
  hasUsage: boolean;
}

export interface PredictedObject {
  line: number;
  runs: Int32Array;
}

export interface InstanceSubmission {
  truth: InstanceTruth;
  maxObjectsPerImage: number;
  predictions: Map<string, PredictedObject[]>;
  headerSeen: boolean;
}

export function newInstanceSubmission(truth: InstanceTruth, maxObjectsPerImage: number): InstanceSubmission {
  return { truth, maxObjectsPerImage, predictions: new Map(), headerSeen: false };
}

export function loadInstanceTruth(text: string): Parsed<InstanceTruth> {
  const firstBreak = text.indexOf("\n");
  const headerLine = (firstBreak === -1 ? text : text.slice(0, firstBreak)).replace(/\r$/, "");
  const header = headerOf(headerLine);
  const expected = ["ImageId", "EncodedPixels", "Height", "Width"];
  const hasUsage = header.length === 5 && header[4] === "Usage";
  if (!expected.every((h, i) => header[i] === h) || (header.length !== 4 && !hasUsage)) {
    return { ok: false, error: { message: `truth header must be ${expected.join(",")}[,Usage], got ${headerLine}`, line: 1 } };
  }
  const images = new Map<string, TruthImage>();
  const order: string[] = [];
  let lineNumber = 1;
  let position = firstBreak === -1 ? text.length : firstBreak + 1;
  // Walks the text by index (no split of a 100 MB string into an array of lines).
  while (position < text.length) {
    let end = text.indexOf("\n", position);
    if (end === -1) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(position, end - 1) : text.slice(position, end);
    position = end + 1;
    lineNumber++;
    if (line.trim() === "") continue;
    const [imageId = "", encoded = "", h = "", w = "", usage = ""] = splitCsvLine(line);
    const height = Number(h);
    const width = Number(w);
    if (!imageId || !Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
      return { ok: false, error: { message: "truth row malformed", line: lineNumber, imageId } };
    }
    if (hasUsage && !isTruthUsage(usage)) {
      return { ok: false, error: { message: `truth Usage must be Public, Private, Validation or Ignored, got "${usage}"`, line: lineNumber, imageId } };
    }
    let image = images.get(imageId);
    if (!image) {
      image = { height, width, usage: hasUsage ? (usage as TruthUsage) : null, objects: [] };
      images.set(imageId, image);
      order.push(imageId);
    } else if (image.height !== height || image.width !== width) {
      return { ok: false, error: { message: "truth rows of one image disagree on its size", line: lineNumber, imageId } };
    } else if (hasUsage && image.usage !== usage) {
      return { ok: false, error: { message: "truth rows of one image disagree on its Usage", line: lineNumber, imageId } };
    }
    if (encoded.trim() === "") continue;
    const runs = parseRle(encoded, height * width);
    if (!runs.ok) return { ok: false, error: { message: `truth RLE invalid: ${runs.message}`, line: lineNumber, imageId } };
    image.objects.push(runs.runs);
  }
  for (const image of images.values()) {
    const sorted = sortRuns(image.objects);
    const overlap = findOverlap(sorted);
    if (overlap) return { ok: false, error: { message: "truth objects overlap" } };
    image.sorted = sorted;
    image.areas = areasOf(image.objects);
  }
  return { ok: true, value: { images, order, hasUsage } };
}


export function updateInstanceSubmission(state: InstanceSubmission, line: string, lineNumber: number): Rejection | null {
  if (!state.headerSeen) {
    state.headerSeen = true;
    const header = headerOf(line);
    if (header.length !== 2 || header[0] !== "ImageId" || header[1] !== "EncodedPixels") {
      return { message: `The header must be "ImageId,EncodedPixels", found "${line.slice(0, 80)}".`, line: lineNumber };
    }
    return null;
  }
  if (line.trim() === "") return null;
  // Fast path for the usual unquoted "id,runs" row; anything else goes through the CSV splitter.
  const comma = line.indexOf(",");
  const plain = comma > 0 && line.indexOf(",", comma + 1) === -1 && line.charCodeAt(0) !== 34;
  const fields = plain ? [line.slice(0, comma), line.slice(comma + 1)] : splitCsvLine(line);
  if (fields.length !== 2) {
    return { message: `Expected 2 columns (ImageId,EncodedPixels), found ${fields.length}.`, line: lineNumber, imageId: fields[0] };
  }
  const [imageId = "", encoded = ""] = fields;
  const image = state.truth.images.get(imageId);
  if (!image) return { message: `ImageId "${imageId.slice(0, 100)}" is not in the test set.`, line: lineNumber, imageId };
  let objects = state.predictions.get(imageId);
  if (!objects) {
    objects = [];
    state.predictions.set(imageId, objects);
  }
  if (encoded.trim() === "") return null; // "no objects in this image"
  const runs = parseRle(encoded, image.height * image.width);
  if (!runs.ok) return { message: `${runs.message}.`, line: lineNumber, imageId };
  if (objects.length >= state.maxObjectsPerImage) {
    return { message: `More than ${state.maxObjectsPerImage} objects predicted for this image.`, line: lineNumber, imageId };
  }
  objects.push({ line: lineNumber, runs: runs.runs });
  return null;
}


/** Combines submissions parsed in parts (objects of one image may sit in several parts). */
export function mergeInstanceSubmissions(a: InstanceSubmission, b: InstanceSubmission): InstanceSubmission {
  for (const [imageId, objects] of b.predictions) {
    const existing = a.predictions.get(imageId);
    if (existing) existing.push(...objects);
    else a.predictions.set(imageId, objects);
  }
  return a;
}
