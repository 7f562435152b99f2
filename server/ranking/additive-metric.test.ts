import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import { additiveMetric, subsetScores } from "./additive-metric";
import { bootstrapRanking } from "./bootstrap";
import { meanMetric } from "./mean-metric";

/** Pooled TP / (TP + FP + FN) over images: not a mean of per-image scores. */
const pooledRatio = (sums: Float64Array) => {
  const [tp, fp, fn] = [sums[0]!, sums[1]!, sums[2]!];
  return tp + fp + fn === 0 ? 1 : tp / (tp + fp + fn);
};

describe("additiveMetric", () => {
  it("should score a pooled metric on the whole set, on a resample and on a subset by summing image states", () => {
    const input = { entries: 1, images: 2, fields: 3, states: Float64Array.of(3, 1, 0, 1, 0, 4), scoreOf: pooledRatio };
    const metric = additiveMetric(input);
    // Whole set: 4 / (4 + 1 + 4) = 4/9. Image 0 twice, image 1 never: 6 / (6 + 2) = 3/4.
    expect(metric.observed[0]).toBeCloseTo(4 / 9, 15);
    const out = new Float64Array(1);
    metric.scoreResamples(Int32Array.of(2, 0), 1, out);
    expect(out[0]).toBeCloseTo(3 / 4, 15);
    expect(subsetScores(input, [1])[0]).toBeCloseTo(1 / 5, 15);
    // No images at all: the scorer's convention for 0/0.
    expect(subsetScores(input, [])[0]).toBe(1);
  });

  it("should reproduce the mean metric's bootstrap with a one-field state and sum / images", () => {
    const prng = createPrng(12);
    const entries = 6;
    const images = 25;
    const scores = Float64Array.from({ length: entries * images }, () => prng.next());
    const matrix = { participants: Array.from({ length: entries }, (_, e) => `p${e}`), images: Array.from({ length: images }, (_, i) => `i${i}`), scores };
    const asState = additiveMetric({ entries, images, fields: 1, states: scores, scoreOf: (sums, n) => sums[0]! / n });
    const options = { resamples: 200, seed: 9, higherIsBetter: true };
    const fast = bootstrapRanking(meanMetric(matrix), options);
    const general = bootstrapRanking(asState, options);
    fast.scores.forEach((score, k) => expect(general.scores[k]).toBeCloseTo(score, 13));
    // Random scores: no two resampled means are within rounding of each other, so ranks agree.
    expect([...general.ranks]).toEqual([...fast.ranks]);
  });

  it("should refuse a metric that gives NaN and states of the wrong size", () => {
    expect(() => additiveMetric({ entries: 1, images: 1, fields: 1, states: Float64Array.of(0), scoreOf: () => Number.NaN })).toThrow(/NaN/);
    expect(() => additiveMetric({ entries: 2, images: 1, fields: 1, states: Float64Array.of(0), scoreOf: () => 0 })).toThrow(/1 values for 2 entries/);
  });
});
