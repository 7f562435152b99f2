// 2018 Data Science Bowl: mean over images of the average, over IoU thresholds 0.50…0.95,
// of TP / (TP + FP + FN). See README.md for the exact definition and our edge-case choices.
import { z } from "zod";
import { headerOf, splitCsvLine } from "../csv";
import type { Scorer } from "../scorer";
import type { ItemScore, Parsed, Rejection, ScoreReport, Usage } from "../types";
import { parseRle } from "./rle";

export const THRESHOLD_STEPS = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19] as const; // t = k / 20

const ZParams = z.object({ maxObjectsPerImage: z.number().int().min(1).max(1_000_000).default(1000) }).strict();
type Params = z.infer<typeof ZParams>;

interface TruthImage {
  height: number;
  width: number;
  usage: Usage | null;
  /** Runs of each true object: objects[k] = [start, length, start, length, …] (1-based). */
  objects: Int32Array[];
  /** All true runs sorted by start, built once: 0-based [start, end) and object label (1-based). */
  sorted?: SortedRuns;
  /** Pixel count of each true object, indexed by label. */
  areas?: Float64Array;
}

interface SortedRuns {
  starts: Int32Array;
  ends: Int32Array;
  labels: Int32Array;
}

interface Truth {
  images: Map<string, TruthImage>;
  /** Image ids in truth-file order, for a stable report. */
  order: string[];
  hasUsage: boolean;
}

interface PredictedObject {
  line: number;
  runs: Int32Array;
}

interface State {
  truth: Truth;
  params: Params;
  predictions: Map<string, PredictedObject[]>;
  headerSeen: boolean;
}

function loadTruth(text: string): Parsed<Truth> {
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
    if (hasUsage && usage !== "Public" && usage !== "Private") {
      return { ok: false, error: { message: `truth Usage must be Public or Private, got "${usage}"`, line: lineNumber, imageId } };
    }
    let image = images.get(imageId);
    if (!image) {
      image = { height, width, usage: hasUsage ? (usage as Usage) : null, objects: [] };
      images.set(imageId, image);
      order.push(imageId);
    } else if (image.height !== height || image.width !== width) {
      return { ok: false, error: { message: "truth rows of one image disagree on its size", line: lineNumber, imageId } };
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

function areasOf(objects: readonly Int32Array[]): Float64Array {
  const areas = new Float64Array(objects.length + 1);
  objects.forEach((runs, k) => {
    let area = 0;
    for (let r = 1; r < runs.length; r += 2) area += runs[r] ?? 0;
    areas[k + 1] = area;
  });
  return areas;
}

/** Every run of every object, sorted by start; labels are object index + 1. */
function sortRuns(objects: readonly Int32Array[]): SortedRuns {
  let count = 0;
  for (const runs of objects) count += runs.length / 2;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const labels = new Int32Array(count);
  let n = 0;
  objects.forEach((runs, k) => {
    for (let r = 0; r < runs.length; r += 2) {
      starts[n] = (runs[r] ?? 1) - 1;
      ends[n] = (runs[r] ?? 1) - 1 + (runs[r + 1] ?? 0);
      labels[n] = k + 1;
      n++;
    }
  });
  const order = sortIndicesByKey(starts);
  const sorted = { starts: new Int32Array(count), ends: new Int32Array(count), labels: new Int32Array(count) };
  for (let k = 0; k < count; k++) {
    const i = order[k] ?? 0;
    sorted.starts[k] = starts[i] ?? 0;
    sorted.ends[k] = ends[i] ?? 0;
    sorted.labels[k] = labels[i] ?? 0;
  }
  return sorted;
}

/**
 * Indices of non-negative int32 keys in ascending order: a stable LSD radix sort, 11 bits a
 * pass (two passes for any image up to 4 megapixels). Comparison sorts were the top cost here.
 */
export function sortIndicesByKey(keys: Int32Array): Uint32Array {
  const n = keys.length;
  let index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, keys[i] ?? 0);
  let spare = new Uint32Array(n);
  const buckets = new Uint32Array(2049);
  for (let shift = 0; shift < 32 && (shift === 0 || max >>> shift > 0); shift += 11) {
    buckets.fill(0);
    for (let i = 0; i < n; i++) buckets[(((keys[index[i] ?? 0] ?? 0) >>> shift) & 2047) + 1]!++;
    for (let b = 1; b <= 2048; b++) buckets[b]! += buckets[b - 1] ?? 0;
    for (let i = 0; i < n; i++) {
      const at = index[i] ?? 0;
      spare[buckets[((keys[at] ?? 0) >>> shift) & 2047]!++] = at;
    }
    [index, spare] = [spare, index];
  }
  return index;
}

/** The first pair of labels whose runs overlap, or null. Runs of one object never overlap. */
function findOverlap(runs: SortedRuns): [number, number] | null {
  let maxEnd = -1;
  let maxLabel = 0;
  for (let i = 0; i < runs.starts.length; i++) {
    const start = runs.starts[i] ?? 0;
    if (start < maxEnd) return [maxLabel, runs.labels[i] ?? 0];
    const end = runs.ends[i] ?? 0;
    if (end > maxEnd) {
      maxEnd = end;
      maxLabel = runs.labels[i] ?? 0;
    }
  }
  return null;
}

function update(state: State, line: string, lineNumber: number): Rejection | null {
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
  if (objects.length >= state.params.maxObjectsPerImage) {
    return { message: `More than ${state.params.maxObjectsPerImage} objects predicted for this image.`, line: lineNumber, imageId };
  }
  objects.push({ line: lineNumber, runs: runs.runs });
  return null;
}

interface ImageResult {
  precisions: number[];
  tp50: number;
  fp50: number;
  fn50: number;
}

/**
 * Scores one image from runs alone: sorted true and predicted runs are swept together, so
 * intersections cost O(runs), not O(pixels), and no mask is ever decoded.
 */
function scoreImage(imageId: string, image: TruthImage, predicted: PredictedObject[]): Parsed<ImageResult> {
  const nTrue = image.objects.length;
  const nPred = predicted.length;
  const predRuns = sortRuns(predicted.map((p) => p.runs));
  const overlap = findOverlap(predRuns);
  if (overlap) {
    const [a, b] = overlap.map((label) => predicted[label - 1]?.line ?? 0).sort((x, y) => x - y) as [number, number];
    return {
      ok: false,
      error: { message: `This object overlaps the object on line ${a} of the same image; predicted objects must not overlap.`, line: b, imageId },
    };
  }
  if (nTrue === 0 || nPred === 0) {
    const value = nTrue === 0 && nPred === 0 ? 1 : 0;
    return { ok: true, value: { precisions: THRESHOLD_STEPS.map(() => value), tp50: 0, fp50: nPred, fn50: nTrue } };
  }
  const truthRuns = image.sorted ?? sortRuns(image.objects);
  const trueArea = image.areas ?? areasOf(image.objects);
  const predArea = areasOf(predicted.map((p) => p.runs));

  // (pred label, true label) -> intersection; two-pointer sweep over both sorted run lists.
  const intersections = new Map<number, number>();
  let i = 0;
  let j = 0;
  const nt = truthRuns.starts.length;
  const np = predRuns.starts.length;
  while (i < nt && j < np) {
    const tEnd = truthRuns.ends[i] ?? 0;
    const pEnd = predRuns.ends[j] ?? 0;
    const from = Math.max(truthRuns.starts[i] ?? 0, predRuns.starts[j] ?? 0);
    const to = Math.min(tEnd, pEnd);
    if (from < to) {
      const key = (predRuns.labels[j] ?? 0) * (nTrue + 1) + (truthRuns.labels[i] ?? 0);
      intersections.set(key, (intersections.get(key) ?? 0) + (to - from));
    }
    if (tEnd < pEnd) i++;
    else j++;
  }

  const tpAt = new Array<number>(THRESHOLD_STEPS.length).fill(0);
  for (const [key, inter] of intersections) {
    const p = Math.floor(key / (nTrue + 1));
    const t = key - p * (nTrue + 1);
    const union = (predArea[p] ?? 0) + (trueArea[t] ?? 0) - inter;
    // IoU > k/20, decided exactly in integers.
    THRESHOLD_STEPS.forEach((k, s) => {
      if (20 * inter > k * union) tpAt[s] = (tpAt[s] ?? 0) + 1;
    });
  }
  const precisions = tpAt.map((tp) => tp / (tp + (nPred - tp) + (nTrue - tp)));
  const tp50 = tpAt[0] ?? 0;
  return { ok: true, value: { precisions, tp50, fp50: nPred - tp50, fn50: nTrue - tp50 } };
}

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

function finalize(state: State): Parsed<ScoreReport> {
  if (!state.headerSeen) return { ok: false, error: { message: "The file is empty.", line: 1 } };
  const perItem: ItemScore[] = [];
  const perThresholdSums = THRESHOLD_STEPS.map(() => 0);
  for (const imageId of state.truth.order) {
    const image = state.truth.images.get(imageId);
    if (!image) continue;
    const result = scoreImage(imageId, image, state.predictions.get(imageId) ?? []);
    if (!result.ok) return result;
    const { precisions, tp50, fp50, fn50 } = result.value;
    precisions.forEach((p, i) => (perThresholdSums[i] = (perThresholdSums[i] ?? 0) + p));
    perItem.push({ id: imageId, usage: image.usage, score: mean(precisions), values: { tp50, fp50, fn50 } });
  }
  const n = perItem.length;
  const subset = (usage: Usage) => perItem.filter((i) => i.usage === usage).map((i) => i.score);
  return {
    ok: true,
    value: {
      scorerId: dsb2018Map.id,
      scorerVersion: dsb2018Map.version,
      score: mean(perItem.map((i) => i.score)),
      public: state.truth.hasUsage ? mean(subset("Public")) : null,
      private: state.truth.hasUsage ? mean(subset("Private")) : null,
      outputs: {},
      perItem,
      perThreshold: THRESHOLD_STEPS.map((k, i) => ({ threshold: k / 20, value: n === 0 ? 0 : (perThresholdSums[i] ?? 0) / n })),
      params: { ...state.params },
    },
  };
}

export const dsb2018Map: Scorer<Params, Truth, State> = {
  id: "dsb2018-map",
  version: "1.0.0",
  title: "Mean average precision over IoU thresholds 0.50–0.95 (DSB 2018)",
  paramsSchema: ZParams,
  outputs: [{ key: "score", label: "mAP@[.5:.95]", higherIsBetter: true, range: [0, 1] }],
  loadTruth: (text) => loadTruth(text),
  init: (truth, params) => ({ truth, params, predictions: new Map(), headerSeen: false }),
  update,
  merge(a, b) {
    for (const [imageId, objects] of b.predictions) {
      const existing = a.predictions.get(imageId);
      if (existing) existing.push(...objects);
      else a.predictions.set(imageId, objects);
    }
    return a;
  },
  finalize,
};
