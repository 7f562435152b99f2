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
  /** Runs of each true object, flattened: objects[k] = [start, length, start, length, …]. */
  objects: number[][];
}

interface Truth {
  images: Map<string, TruthImage>;
  /** Image ids in truth-file order, for a stable report. */
  order: string[];
  hasUsage: boolean;
}

interface PredictedObject {
  line: number;
  runs: number[];
}

interface State {
  truth: Truth;
  params: Params;
  predictions: Map<string, PredictedObject[]>;
  headerSeen: boolean;
}

function loadTruth(text: string): Parsed<Truth> {
  const lines = text.split(/\r?\n/);
  const header = headerOf(lines[0] ?? "");
  const expected = ["ImageId", "EncodedPixels", "Height", "Width"];
  const hasUsage = header.length === 5 && header[4] === "Usage";
  if (!expected.every((h, i) => header[i] === h) || (header.length !== 4 && !hasUsage)) {
    return { ok: false, error: { message: `truth header must be ${expected.join(",")}[,Usage], got ${lines[0] ?? ""}`, line: 1 } };
  }
  const images = new Map<string, TruthImage>();
  const order: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    const [imageId = "", encoded = "", h = "", w = "", usage = ""] = splitCsvLine(line);
    const height = Number(h);
    const width = Number(w);
    if (!imageId || !Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
      return { ok: false, error: { message: "truth row malformed", line: i + 1, imageId } };
    }
    if (hasUsage && usage !== "Public" && usage !== "Private") {
      return { ok: false, error: { message: `truth Usage must be Public or Private, got "${usage}"`, line: i + 1, imageId } };
    }
    let image = images.get(imageId);
    if (!image) {
      image = { height, width, usage: hasUsage ? (usage as Usage) : null, objects: [] };
      images.set(imageId, image);
      order.push(imageId);
    } else if (image.height !== height || image.width !== width) {
      return { ok: false, error: { message: "truth rows of one image disagree on its size", line: i + 1, imageId } };
    }
    if (encoded.trim() === "") continue;
    const runs = parseRle(encoded, height * width);
    if (!runs.ok) return { ok: false, error: { message: `truth RLE invalid: ${runs.message}`, line: i + 1, imageId } };
    image.objects.push(interleave(runs.starts, runs.lengths));
  }
  return { ok: true, value: { images, order, hasUsage } };
}

function interleave(starts: number[], lengths: number[]): number[] {
  const runs = new Array<number>(starts.length * 2);
  for (let i = 0; i < starts.length; i++) {
    runs[2 * i] = starts[i] ?? 0;
    runs[2 * i + 1] = lengths[i] ?? 0;
  }
  return runs;
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
  const fields = splitCsvLine(line);
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
  objects.push({ line: lineNumber, runs: interleave(runs.starts, runs.lengths) });
  return null;
}

interface ImageResult {
  precisions: number[];
  tp50: number;
  fp50: number;
  fn50: number;
}

/** Scores one image, or returns the overlap rejection. One label buffer per side. */
function scoreImage(imageId: string, image: TruthImage, predicted: PredictedObject[]): Parsed<ImageResult> {
  const nTrue = image.objects.length;
  const nPred = predicted.length;
  if (nTrue === 0 || nPred === 0) {
    const value = nTrue === 0 && nPred === 0 ? 1 : 0;
    return { ok: true, value: { precisions: THRESHOLD_STEPS.map(() => value), tp50: 0, fp50: nPred, fn50: nTrue } };
  }
  const pixels = image.height * image.width;
  const truthLabels = new Int32Array(pixels);
  const trueArea = new Float64Array(nTrue + 1);
  image.objects.forEach((runs, k) => {
    for (let r = 0; r < runs.length; r += 2) {
      const start = (runs[r] ?? 1) - 1;
      const length = runs[r + 1] ?? 0;
      truthLabels.fill(k + 1, start, start + length);
      trueArea[k + 1] = (trueArea[k + 1] ?? 0) + length;
    }
  });
  const predLabels = new Int32Array(pixels);
  // intersections[p] maps true label -> overlapping pixel count
  const hits: Array<{ p: number; t: number; inter: number }> = [];
  const predArea = new Float64Array(nPred);
  for (let p = 0; p < nPred; p++) {
    const object = predicted[p];
    if (!object) continue;
    const counts = new Map<number, number>();
    for (let r = 0; r < object.runs.length; r += 2) {
      const start = (object.runs[r] ?? 1) - 1;
      const end = start + (object.runs[r + 1] ?? 0);
      predArea[p] = (predArea[p] ?? 0) + end - start;
      for (let i = start; i < end; i++) {
        const other = predLabels[i] ?? 0;
        if (other !== 0) {
          const first = predicted[other - 1];
          return {
            ok: false,
            error: {
              message: `This object overlaps the object on line ${first?.line ?? "?"} of the same image; predicted objects must not overlap.`,
              line: object.line,
              imageId,
            },
          };
        }
        predLabels[i] = p + 1;
        const t = truthLabels[i] ?? 0;
        if (t !== 0) counts.set(t, (counts.get(t) ?? 0) + 1);
      }
    }
    for (const [t, inter] of counts) hits.push({ p, t, inter });
  }
  const precisions = THRESHOLD_STEPS.map((k) => {
    let tp = 0;
    for (const { p, t, inter } of hits) {
      const union = (predArea[p] ?? 0) + (trueArea[t] ?? 0) - inter;
      // IoU > k/20, decided exactly in integers.
      if (20 * inter > k * union) tp++;
    }
    return tp / (tp + (nPred - tp) + (nTrue - tp));
  });
  let tp50 = 0;
  for (const { p, t, inter } of hits) if (20 * inter > 10 * ((predArea[p] ?? 0) + (trueArea[t] ?? 0) - inter)) tp50++;
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
