// A metric made of additive per-image states (scorers' `imageStates`): pooled F1 from per-image
// TP/FP/FN, a macro-F1 from per-class counts, a mean as (sum, count). A resample's state is
// Σ_i c_i · state_i over the images drawn c_i times, and its score is the scorer's own
// `scoreOfStates` of that sum. States are kept sparse: a multi-label sample touches a few of
// its 3 × classes counts, so only non-zero fields are read.
import type { ResampledMetric } from "./bootstrap";

export interface AdditiveStates {
  entries: number;
  images: number;
  fields: number;
  /** Entry e's state on image i, field f at [(e * images + i) * fields + f]. */
  states: Float64Array;
  /** The metric of a summed state over `images` images (the scorer's scoreOfStates). */
  scoreOf(sums: Float64Array, images: number): number;
}

export function additiveMetric(input: AdditiveStates): ResampledMetric {
  const { entries, images, fields, states, scoreOf } = input;
  if (states.length !== entries * images * fields) throw new RangeError(`additiveMetric: ${states.length} values for ${entries} entries × ${images} images × ${fields} fields`);
  // Compressed rows: entry e's non-zero (field, value) pairs of image i are at start[e * images + i] … start[e * images + i + 1].
  const start = new Int32Array(entries * images + 1);
  let nonZero = 0;
  for (let k = 0; k < entries * images; k++) {
    start[k] = nonZero;
    for (let f = 0; f < fields; f++) if (states[k * fields + f] !== 0) nonZero++;
  }
  start[entries * images] = nonZero;
  const field = new Int32Array(nonZero);
  const value = new Float64Array(nonZero);
  for (let k = 0, n = 0; k < entries * images; k++) {
    for (let f = 0; f < fields; f++) {
      const v = states[k * fields + f]!;
      if (v !== 0) {
        field[n] = f;
        value[n++] = v;
      }
    }
  }
  const sums = new Float64Array(fields);
  const scoreWith = (entry: number, countOf: (image: number) => number, drawn: number): number => {
    sums.fill(0);
    const row = entry * images;
    for (let i = 0; i < images; i++) {
      const c = countOf(i);
      if (c === 0) continue;
      for (let n = start[row + i]!, end = start[row + i + 1]!; n < end; n++) sums[field[n]!]! += c * value[n]!;
    }
    const score = scoreOf(sums, drawn);
    if (Number.isNaN(score)) throw new RangeError("additiveMetric: the metric returned NaN for a resample");
    return score;
  };
  return {
    entries,
    images,
    observed: Float64Array.from({ length: entries }, (_, e) => scoreWith(e, () => 1, images)),
    scoreResamples(counts, resamples, out) {
      for (let r = 0; r < resamples; r++) {
        const offset = r * images;
        for (let e = 0; e < entries; e++) out[r * entries + e] = scoreWith(e, (i) => counts[offset + i]!, images);
      }
    },
  };
}

/** The metric of each entry on a subset of images (each once): per-condition scores. */
export function subsetScores(input: AdditiveStates, subset: readonly number[]): Float64Array {
  const { entries, images, fields, states, scoreOf } = input;
  const sums = new Float64Array(fields);
  return Float64Array.from({ length: entries }, (_, e) => {
    sums.fill(0);
    for (const i of subset) for (let f = 0; f < fields; f++) sums[f]! += states[(e * images + i) * fields + f]!;
    return scoreOf(sums, subset.length);
  });
}
