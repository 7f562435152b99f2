import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import { holmAdjust } from "./holm";
import type { ScoreMatrix } from "./mean-metric";
import { pairwiseWilcoxon, tiedWithLeader } from "./pairwise";
import { signedRankGreater } from "./wilcoxon";

function matrixOf(rows: number[][]): ScoreMatrix {
  return { participants: rows.map((_, e) => `p${e}`), images: rows[0]!.map((_, i) => `i${i}`), scores: Float64Array.from(rows.flat()) };
}

const prng = createPrng(1979);
const base = Array.from({ length: 30 }, () => prng.next());
// p0 leads clearly; p1 is p0 with noise (not distinguishable); p2 and p3 are far behind.
const rows = [base.map((v) => v + 0.1), base.map((v) => v + 0.1 + 0.05 * prng.normal()), base.map((v) => v - 0.2), base.map((v) => v - 0.3)];
const matrix = matrixOf(rows);
const order = [0, 1, 2, 3];

describe("pairwiseWilcoxon", () => {
  it("should test every pair among the top k, a above b, in ranking order", () => {
    const pairs = pairwiseWilcoxon(matrix, order, { top: 4, higherIsBetter: true, alpha: 0.05 });
    expect(pairs.map(({ a, b }) => [a, b])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(pairwiseWilcoxon(matrix, order, { top: 2, higherIsBetter: true, alpha: 0.05 }).map(({ a, b }) => [a, b])).toEqual([[0, 1]]);
    expect(pairwiseWilcoxon(matrix, [2, 0, 1, 3], { top: 2, higherIsBetter: true, alpha: 0.05 }).map(({ a, b }) => [a, b])).toEqual([[2, 0]]);
  });

  it("should test a − b per image and Holm-adjust over the pairs tested", () => {
    const pairs = pairwiseWilcoxon(matrix, order, { top: 4, higherIsBetter: true, alpha: 0.05 });
    for (const pair of pairs) {
      expect(pair.p).toBe(signedRankGreater(rows[pair.a]!.map((v, i) => v - rows[pair.b]![i]!)).p);
    }
    expect(pairs.map((pair) => pair.pHolm)).toEqual(holmAdjust(pairs.map((pair) => pair.p)));
    expect(pairs.map((pair) => pair.significant)).toEqual(pairs.map((pair) => pair.pHolm < 0.05));
  });

  it("should test b − a when lower is better (R's alternative = 'less' on a − b)", () => {
    const [pair] = pairwiseWilcoxon(matrix, [3, 2], { top: 2, higherIsBetter: false, alpha: 0.05 });
    expect(pair!.p).toBe(signedRankGreater(rows[2]!.map((v, i) => v - rows[3]![i]!)).p);
    expect(pair!.p).toBeLessThan(1e-5);
  });
});

describe("tiedWithLeader", () => {
  it("should keep the leader and those whose Holm-adjusted p against it is at least alpha", () => {
    const pairs = pairwiseWilcoxon(matrix, order, { top: 4, higherIsBetter: true, alpha: 0.05 });
    expect(pairs.find((pair) => pair.a === 0 && pair.b === 1)!.significant).toBe(false);
    expect(tiedWithLeader(pairs, order)).toEqual([0, 1]);
    // With an alpha no p-value reaches, nobody is distinguishable from the leader.
    const strict = pairwiseWilcoxon(matrix, order, { top: 4, higherIsBetter: true, alpha: 1e-300 });
    expect(tiedWithLeader(strict, order)).toEqual([0, 1, 2, 3]);
  });

  it("should leave out entries that were not tested against the leader", () => {
    const pairs = pairwiseWilcoxon(matrix, order, { top: 2, higherIsBetter: true, alpha: 1e-300 });
    expect(tiedWithLeader(pairs, order)).toEqual([0, 1]);
    expect(tiedWithLeader([], [])).toEqual([]);
  });
});
