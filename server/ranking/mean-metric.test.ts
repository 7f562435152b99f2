import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import { meanMetric, type ScoreMatrix } from "./mean-metric";

function randomMatrix(seed: number, entries: number, images: number): ScoreMatrix {
  const prng = createPrng(seed);
  return {
    participants: Array.from({ length: entries }, (_, e) => `p${e}`),
    images: Array.from({ length: images }, (_, i) => `i${i}`),
    scores: Float64Array.from({ length: entries * images }, () => prng.next()),
  };
}

describe("meanMetric", () => {
  it("should report each participant's mean over all images", () => {
    const metric = meanMetric({ participants: ["a", "b"], images: ["x", "y", "z"], scores: Float64Array.of(1, 2, 3, 0.5, 0.5, 2) });
    expect([...metric.observed]).toEqual([2, 1]);
  });

  it("should give Σ count × score / images on each resample of a block, as a plain weighted sum does", () => {
    const matrix = randomMatrix(3, 7, 57);
    const metric = meanMetric(matrix);
    const prng = createPrng(4);
    const resamples = 5;
    // Counts up to 9 cover the grouping by count well beyond what resampling usually draws.
    const counts = Int32Array.from({ length: resamples * 57 }, () => (prng.next() < 0.4 ? 0 : prng.int(1, 9)));
    const out = new Float64Array(resamples * 7);
    metric.scoreResamples(counts, resamples, out);
    for (let r = 0; r < resamples; r++) {
      for (let e = 0; e < 7; e++) {
        let sum = 0;
        for (let i = 0; i < 57; i++) sum += counts[r * 57 + i]! * matrix.scores[e * 57 + i]!;
        expect(out[r * 7 + e]).toBeCloseTo(sum / 57, 13);
      }
    }
  });

  it("should give identical participants identical resampled scores, so they stay tied", () => {
    const matrix = randomMatrix(8, 3, 40);
    matrix.scores.copyWithin(80, 0, 40);
    const metric = meanMetric(matrix);
    const counts = Int32Array.from({ length: 40 }, (_, i) => i % 3);
    const out = new Float64Array(3);
    metric.scoreResamples(counts, 1, out);
    expect(out[2]).toBe(out[0]);
  });

  it("should refuse a matrix whose size does not match its names", () => {
    expect(() => meanMetric({ participants: ["a"], images: ["x", "y"], scores: Float64Array.of(1) })).toThrow(RangeError);
  });
});
