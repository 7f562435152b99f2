import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import { bootstrapRanking, medianKendallTau, pairedBootstrapP, rankFrequencies, rankSummary, scoreInterval } from "./bootstrap";
import { meanMetric, type ScoreMatrix } from "./mean-metric";

function matrixOf(rows: number[][]): ScoreMatrix {
  return {
    participants: rows.map((_, e) => `p${e}`),
    images: rows[0]!.map((_, i) => `i${i}`),
    scores: Float64Array.from(rows.flat()),
  };
}

const higher = { resamples: 1000, seed: 1, higherIsBetter: true };

describe("bootstrapRanking", () => {
  const prng = createPrng(77);
  const noisy = matrixOf(Array.from({ length: 8 }, (_, e) => Array.from({ length: 30 }, () => 0.5 + 0.02 * e + 0.2 * prng.normal())));

  it("should give the same resamples for the same seed and different ones for another", () => {
    const a = bootstrapRanking(meanMetric(noisy), higher);
    const b = bootstrapRanking(meanMetric(noisy), higher);
    const c = bootstrapRanking(meanMetric(noisy), { ...higher, seed: 2 });
    expect(b.scores).toEqual(a.scores);
    expect(b.ranks).toEqual(a.ranks);
    expect(b.kendallTau).toEqual(a.kendallTau);
    expect(c.scores).not.toEqual(a.scores);
  });

  it("should not depend on how many resamples are asked for: the first 40 of 1000 are the 40", () => {
    const many = bootstrapRanking(meanMetric(noisy), higher);
    const few = bootstrapRanking(meanMetric(noisy), { ...higher, resamples: 40 });
    expect(few.scores).toEqual(many.scores.subarray(0, 40 * 8));
  });

  it("should cover the true mean about 95 % of the time (percentile interval, synthetic data)", () => {
    // 400 participants, each with its own 40 images drawn from N(0.6, 0.1²): each interval
    // should hold 0.6 with probability near 0.95 (the percentile interval runs a little
    // short at n = 40, about 0.93–0.94), and be about 2 · 1.96 · 0.1/√40 = 0.062 wide.
    const data = createPrng(1993);
    const rows = Array.from({ length: 400 }, () => Array.from({ length: 40 }, () => 0.6 + 0.1 * data.normal()));
    const boot = bootstrapRanking(meanMetric(matrixOf(rows)), { resamples: 500, seed: 3, higherIsBetter: true });
    let covered = 0;
    const widths: number[] = [];
    for (let e = 0; e < 400; e++) {
      const [lo, hi] = scoreInterval(boot, e);
      if (lo <= 0.6 && 0.6 <= hi) covered++;
      widths.push(hi - lo);
    }
    expect(covered / 400).toBeGreaterThan(0.9);
    expect(covered / 400).toBeLessThan(0.975);
    const medianWidth = widths.sort((x, y) => x - y)[200]!;
    expect(medianWidth).toBeGreaterThan(0.062 * 0.85);
    expect(medianWidth).toBeLessThan(0.062 * 1.1);
  });

  it("should fix every rank when one participant beats the next on every image", () => {
    const boot = bootstrapRanking(meanMetric(matrixOf([[0.1, 0.2, 0.3], [0.9, 0.8, 0.7], [0.5, 0.5, 0.6]])), higher);
    expect([...boot.observedRanks]).toEqual([3, 1, 2]);
    expect(rankSummary(boot, 1)).toEqual({ median: 1, interval: [1, 1] });
    expect(rankSummary(boot, 0)).toEqual({ median: 3, interval: [3, 3] });
    expect(medianKendallTau(boot)).toBe(1);
    expect(rankFrequencies(boot, [1, 2, 0])).toEqual([
      [1000, 0, 0],
      [0, 1000, 0],
      [0, 0, 1000],
    ]);
  });

  it("should rank identical participants together at the smaller rank (ties.method = 'min')", () => {
    const boot = bootstrapRanking(meanMetric(matrixOf([[0.3, 0.5, 0.4], [0.9, 0.8, 0.7], [0.9, 0.8, 0.7]])), higher);
    expect([...boot.observedRanks]).toEqual([3, 1, 1]);
    expect(rankSummary(boot, 2)).toEqual({ median: 1, interval: [1, 1] });
    expect(rankSummary(boot, 0)).toEqual({ median: 3, interval: [3, 3] });
    expect(pairedBootstrapP(boot, 1, 2)).toBe(1);
  });

  it("should reflect the resampling distribution: two images, a better unless image 1 is drawn twice", () => {
    // a = (1, 0), b = (0, 0.9). Draws (2,0): a wins 1 to 0; (1,1): 0.5 to 0.45; (0,2): b wins.
    // P(image 1 twice) = 1/4, so a ranks first in about 75 % of the resamples.
    const boot = bootstrapRanking(meanMetric(matrixOf([[1, 0], [0, 0.9]])), { resamples: 4000, seed: 5, higherIsBetter: true });
    const [[aFirst, aSecond]] = rankFrequencies(boot, [0]) as [[number, number]];
    expect(aFirst + aSecond).toBe(4000);
    expect(aFirst / 4000).toBeGreaterThan(0.72);
    expect(aFirst / 4000).toBeLessThan(0.78);
    expect(pairedBootstrapP(boot, 0, 1)).toBeCloseTo(aSecond / 4000, 15);
    // The reported ranking (a first) is reversed in the other quarter: τ-b = −1 there.
    expect([...new Set(boot.kendallTau)].sort()).toEqual([-1, 1]);
  });

  it("should rank lower-is-better scores with the smallest first", () => {
    const boot = bootstrapRanking(meanMetric(matrixOf([[0.1, 0.2], [0.9, 0.8]])), { ...higher, higherIsBetter: false });
    expect([...boot.observedRanks]).toEqual([1, 2]);
    expect(pairedBootstrapP(boot, 0, 1)).toBe(0);
    expect(pairedBootstrapP(boot, 1, 0)).toBe(1);
  });

  it("should compute the percentile interval from the resampled scores as R's quantile does", () => {
    const boot = bootstrapRanking(meanMetric(noisy), higher);
    const column = Array.from({ length: 1000 }, (_, r) => boot.scores[r * 8 + 3]!).sort((x, y) => x - y);
    // Type 7: h = 1 + 999 · 0.025 = 25.975 → 0.025·x(25) + 0.975·x(26) (1-based).
    const [lo, hi] = scoreInterval(boot, 3);
    expect(lo).toBeCloseTo(0.025 * column[24]! + 0.975 * column[25]!, 14);
    expect(hi).toBeCloseTo(0.975 * column[974]! + 0.025 * column[975]!, 14);
  });

  it("should leave τ undefined (null) when every participant is tied, and refuse bad sizes", () => {
    const tied = bootstrapRanking(meanMetric(matrixOf([[0.5, 0.7], [0.5, 0.7]])), higher);
    expect(medianKendallTau(tied)).toBeNull();
    expect(() => bootstrapRanking(meanMetric(noisy), { ...higher, resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapRanking(meanMetric(noisy), { ...higher, resamples: 1.5 })).toThrow(RangeError);
  });
});
