import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import { kendallTauAgainst, kendallTauB } from "./kendall-tau";

/** τ-b by its definition: every pair classified, O(n²). */
function referenceTauB(x: number[], y: number[]): number {
  let concordant = 0;
  let discordant = 0;
  let onlyX = 0;
  let onlyY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const sx = Math.sign(x[j]! - x[i]!);
      const sy = Math.sign(y[j]! - y[i]!);
      if (sx === 0 && sy !== 0) onlyX++;
      else if (sy === 0 && sx !== 0) onlyY++;
      else if (sx * sy > 0) concordant++;
      else if (sx * sy < 0) discordant++;
    }
  }
  // Pairs tied in both count in neither factor of the denominator.
  return (concordant - discordant) / Math.sqrt((concordant + discordant + onlyY) * (concordant + discordant + onlyX));
}

describe("kendallTauB", () => {
  it("should match a worked example with ties in x, in y and in both", () => {
    // x = 1 1 2 3 4, y = 2 2 1 3 3. Of the 10 pairs: (0,1) tied in both; (3,4) tied in y only;
    // (0,2) and (1,2) discordant; the other 6 concordant. Ties: n1 = 1 pair in x, n2 = 2 in y.
    // τ-b = (6 − 2) / √((10 − 1)(10 − 2)) = 4/√72 = 0.47140452079103… (scipy.stats.kendalltau
    // gives 0.4714045207910316).
    expect(kendallTauB([1, 1, 2, 3, 4], [2, 2, 1, 3, 3])).toBeCloseTo(4 / Math.sqrt(72), 15);
  });

  it("should be 1 for the same ranking, −1 for the reverse, and NaN when undefined", () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(kendallTauB([1], [1])).toBeNaN();
  });

  it("should agree with the O(n²) definition on random rankings with ties", () => {
    const prng = createPrng(2021);
    for (let trial = 0; trial < 200; trial++) {
      const n = prng.int(2, 60);
      const levels = prng.int(2, 12);
      const x = Array.from({ length: n }, () => prng.int(1, levels));
      const y = Array.from({ length: n }, () => prng.int(1, levels));
      const expected = referenceTauB(x, y);
      if (Number.isNaN(expected)) expect(kendallTauB(x, y)).toBeNaN();
      else expect(kendallTauB(x, y)).toBeCloseTo(expected, 12);
    }
  });

  it("should give the same τ from one prepared x against many y as computed afresh", () => {
    const prng = createPrng(5);
    const x = Array.from({ length: 300 }, () => prng.int(1, 40));
    const against = kendallTauAgainst(x);
    for (let trial = 0; trial < 20; trial++) {
      const y = Array.from({ length: 300 }, () => prng.int(1, 40));
      expect(against(y)).toBe(kendallTauB(x, y));
      expect(against(y)).toBeCloseTo(referenceTauB(x, y), 12);
    }
  });
});
