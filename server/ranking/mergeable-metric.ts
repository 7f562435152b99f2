// Any metric whose per-image results merge, the way a scorer's states do (init / update /
// merge / finalize): pooled F1 from per-image TP/FP/FN counts, pixel Dice from per-image
// overlaps. On a resample, each drawn image's state is merged in once per draw. The mean is
// the special case (sum, count); mean-metric.ts does it without allocating any state.
import type { ResampledMetric } from "./bootstrap";

export interface MergeableImageMetric<State> {
  readonly entries: number;
  readonly images: number;
  /** Entry e's state on image i alone. */
  imageState(entry: number, image: number): State;
  /** The state of no images. */
  empty(): State;
  /** `into` merged with `times` copies of `state`; may update `into` in place and return it. */
  add(into: State, state: State, times: number): State;
  /** The score of a merged state. */
  finalize(state: State): number;
}

export function mergeableMetric<State>(metric: MergeableImageMetric<State>): ResampledMetric {
  const { entries, images } = metric;
  const scoreOf = (entry: number, timesOf: (image: number) => number): number => {
    let state = metric.empty();
    for (let i = 0; i < images; i++) {
      const times = timesOf(i);
      if (times > 0) state = metric.add(state, metric.imageState(entry, i), times);
    }
    return metric.finalize(state);
  };
  return {
    entries,
    images,
    observed: Float64Array.from({ length: entries }, (_, e) => scoreOf(e, () => 1)),
    scoreResamples(counts, resamples, out) {
      for (let r = 0; r < resamples; r++) {
        for (let e = 0; e < entries; e++) out[r * entries + e] = scoreOf(e, (i) => counts[r * images + i]!);
      }
    },
  };
}
