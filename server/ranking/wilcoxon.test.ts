import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import { normalUpperTail } from "./normal-distribution";
import { signedRankGreater } from "./wilcoxon";

const differences = (x: number[], y: number[]) => x.map((v, i) => v - y[i]!);

/**
 * The same test written the long way: ranks of |d| by counting, for each difference, those
 * smaller and those equal (average rank); the tie correction from counting each value's
 * multiplicity. normalUpperTail is checked against mpmath on its own.
 */
function referenceSignedRank(d: number[]): { statistic: number; p: number } {
  const kept = d.filter((v) => v !== 0);
  const n = kept.length;
  if (n === 0) return { statistic: 0, p: 1 };
  let statistic = 0;
  let tieTerm = 0;
  for (const v of kept) {
    const smaller = kept.filter((w) => Math.abs(w) < Math.abs(v)).length;
    const equal = kept.filter((w) => Math.abs(w) === Math.abs(v)).length;
    if (v > 0) statistic += smaller + (equal + 1) / 2;
    // Each member of a group of t adds (t³ − t)/t, so the group adds t³ − t in all.
    tieTerm += equal * equal - 1;
  }
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  return { statistic, p: normalUpperTail((statistic - (n * (n + 1)) / 4 - 0.5) / Math.sqrt(variance)) };
}

describe("signedRankGreater", () => {
  // R's example (?wilcox.test, "depression" data of Hollander & Wolfe).
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

  it("should match R's wilcox.test(x, y, paired = TRUE, alternative = 'greater', exact = FALSE)", () => {
    // d = x − y: 0.952 −0.147 1.022 0.43 0.62 0.59 0.49 −0.08 0.01, no ties, no zeros. The
    // negative ones have |d| ranks 2 (0.08) and 3 (0.147): V = 45 − 5 = 40. Under H0,
    // E[V] = n(n + 1)/4 = 22.5 and sd = √(9·10·19/24) = √71.25 = 8.44097150806707.
    // With the continuity correction (R's default, correct = TRUE):
    // z = (40 − 22.5 − 0.5)/8.44097 = 2.01398618438091, p = 1 − Φ(z) = 0.0220054920064757
    // (mpmath, 30 digits; scipy.stats.wilcoxon(x, y, alternative="greater",
    // method="approx", correction=True) gives 0.022005492006475714). R prints 0.02201.
    const result = signedRankGreater(differences(x, y));
    expect(result.statistic).toBe(40);
    expect(result.n).toBe(9);
    expect(result.p).toBeCloseTo(0.0220054920064757, 12);
  });

  it("should give 0.01908 without the continuity correction (R's correct = FALSE)", () => {
    // z = 17.5/8.44097 = 2.07322, p = 0.0190758550867076 (mpmath). This is the 0.01908 that
    // is sometimes quoted for exact = FALSE; R's default applies the correction (above).
    expect(signedRankGreater(differences(x, y), { continuityCorrection: false }).p).toBeCloseTo(0.0190758550867076, 12);
  });

  it("should drop zero differences and give tied |differences| their average rank", () => {
    // d = 0 1.5 −1.5 3 0 0.5 2 3 (exact in binary). Zeros dropped: n = 6. |d| ranks: 0.5 → 1,
    // 1.5 and 1.5 → 2.5, 2 → 4, 3 and 3 → 5.5. V = 2.5 + 5.5 + 1 + 4 + 5.5 = 18.5.
    // E[V] = 6·7/4 = 10.5; Var = 6·7·13/24 − (2³−2 + 2³−2)/48 = 22.75 − 0.25 = 22.5.
    // z = (18.5 − 10.5 − 0.5)/√22.5 = √2.5 = 1.58113883008419, p = 0.0569231490033290
    // (mpmath; scipy.stats.wilcoxon(..., zero_method="wilcox", correction=True,
    // method="approx") gives 0.056923149003329024).
    const result = signedRankGreater(differences([1, 2.5, 1, 4, 2, 1.5, 3, 5], [1, 1, 2.5, 1, 2, 1, 1, 2]));
    expect(result.statistic).toBe(18.5);
    expect(result.n).toBe(6);
    expect(result.p).toBeCloseTo(0.056923149003329, 12);
  });

  it("should give p = 1 when every difference is zero, and refuse NaN", () => {
    expect(signedRankGreater([0, 0, 0])).toEqual({ statistic: 0, n: 0, p: 1 });
    expect(() => signedRankGreater([1, NaN])).toThrow(RangeError);
  });

  it("should be symmetric: p of 'greater' on d is 1 − p of 'greater' on −d without correction", () => {
    const d = [0.3, -0.1, 0.2, 0.25, -0.4, 0.05];
    const p = signedRankGreater(d, { continuityCorrection: false }).p;
    const q = signedRankGreater(d.map((v) => -v), { continuityCorrection: false }).p;
    expect(p + q).toBeCloseTo(1, 14);
  });

  it("should agree with the long-hand reference on random differences with ties and zeros", () => {
    const prng = createPrng(1945);
    for (let trial = 0; trial < 300; trial++) {
      const n = prng.int(1, 80);
      // Quarters are exact in binary, so equal |differences| really are equal.
      const d = Array.from({ length: n }, () => prng.int(-12, 12) / 4);
      const expected = referenceSignedRank(d);
      const result = signedRankGreater(d);
      expect(result.statistic).toBe(expected.statistic);
      expect(result.p).toBeCloseTo(expected.p, 12);
    }
  });
});
