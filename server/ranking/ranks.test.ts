import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import { minRanks } from "./ranks";

/** 1 + how many are strictly better, counted pair by pair. */
function referenceRanks(scores: number[], higherIsBetter: boolean): number[] {
  return scores.map((s) => 1 + scores.filter((t) => (higherIsBetter ? t > s : t < s)).length);
}

describe("minRanks", () => {
  it("should give 1 to the best and the smallest rank of the group to ties", () => {
    expect([...minRanks([0.8, 0.9, 0.7, 0.8], true, new Int32Array(4))]).toEqual([2, 1, 4, 2]);
    expect([...minRanks([0.8, 0.9, 0.7, 0.8], false, new Int32Array(4))]).toEqual([2, 4, 1, 2]);
    expect([...minRanks([5, 5, 5], true, new Int32Array(3))]).toEqual([1, 1, 1]);
  });

  it("should agree with a pair-by-pair count on random scores with many ties, reusing its scratch", () => {
    const prng = createPrng(11);
    const ranks = new Int32Array(200);
    const sorted = new Float64Array(200);
    for (let trial = 0; trial < 50; trial++) {
      const scores = Array.from({ length: 200 }, () => prng.int(0, 30) / 4 - (trial % 2 ? 3 : 0));
      for (const higherIsBetter of [true, false]) {
        expect([...minRanks(scores, higherIsBetter, ranks, sorted)]).toEqual(referenceRanks(scores, higherIsBetter));
      }
    }
  });

  it("should treat -0 and 0 as the same score", () => {
    expect([...minRanks([-0, 0, 1], true, new Int32Array(3))]).toEqual([2, 2, 1]);
  });
});
