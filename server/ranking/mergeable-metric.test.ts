import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import { bootstrapRanking } from "./bootstrap";
import { meanMetric } from "./mean-metric";
import { mergeableMetric, type MergeableImageMetric } from "./mergeable-metric";

/** Pooled TP / (TP + FP + FN) over images: not a mean of per-image scores. */
function pooledRatio(perImage: Array<Array<{ tp: number; fp: number; fn: number }>>): MergeableImageMetric<{ tp: number; fp: number; fn: number }> {
  return {
    entries: perImage.length,
    images: perImage[0]!.length,
    imageState: (e, i) => perImage[e]![i]!,
    empty: () => ({ tp: 0, fp: 0, fn: 0 }),
    add: (into, s, times) => ({ tp: into.tp + times * s.tp, fp: into.fp + times * s.fp, fn: into.fn + times * s.fn }),
    finalize: (s) => (s.tp + s.fp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fp + s.fn)),
  };
}

describe("mergeableMetric", () => {
  it("should score a pooled metric on the whole set and on a resample by merging image states", () => {
    const metric = mergeableMetric(
      pooledRatio([
        [
          { tp: 3, fp: 1, fn: 0 },
          { tp: 1, fp: 0, fn: 4 },
        ],
      ]),
    );
    // Whole set: 4 / (4 + 1 + 4) = 4/9. Image 0 twice, image 1 never: 6 / (6 + 2) = 3/4.
    expect(metric.observed[0]).toBeCloseTo(4 / 9, 15);
    const out = new Float64Array(1);
    metric.scoreResamples(Int32Array.of(2, 0), 1, out);
    expect(out[0]).toBeCloseTo(3 / 4, 15);
  });

  it("should reproduce the mean metric's bootstrap with a (sum, count) state", () => {
    const prng = createPrng(12);
    const entries = 6;
    const images = 25;
    const scores = Float64Array.from({ length: entries * images }, () => prng.next());
    const matrix = { participants: Array.from({ length: entries }, (_, e) => `p${e}`), images: Array.from({ length: images }, (_, i) => `i${i}`), scores };
    const asState = mergeableMetric<{ sum: number; count: number }>({
      entries,
      images,
      imageState: (e, i) => ({ sum: scores[e * images + i]!, count: 1 }),
      empty: () => ({ sum: 0, count: 0 }),
      add: (into, s, times) => ({ sum: into.sum + times * s.sum, count: into.count + times * s.count }),
      finalize: (s) => s.sum / s.count,
    });
    const options = { resamples: 200, seed: 9, higherIsBetter: true };
    const fast = bootstrapRanking(meanMetric(matrix), options);
    const general = bootstrapRanking(asState, options);
    fast.scores.forEach((score, k) => expect(general.scores[k]).toBeCloseTo(score, 13));
    // Random scores: no two resampled means are within rounding of each other, so ranks agree.
    expect([...general.ranks]).toEqual([...fast.ranks]);
  });
});
