// The one-sided Wilcoxon signed-rank test (Wilcoxon 1945) by its normal approximation,
// computed exactly as R's wilcox.test(x, y, paired = TRUE, alternative = "greater",
// exact = FALSE) (correct = TRUE): zero differences dropped, tied |differences| given their
// average rank, the variance reduced for ties, and a continuity correction of 1/2.
import { normalUpperTail } from "./normal-distribution";

interface SignedRankTest {
  /** V: the sum of the ranks of the positive differences. */
  statistic: number;
  /** Differences left after dropping zeros. */
  n: number;
  /** P(V ≥ the observed V) when the differences are symmetric about 0, by the normal approximation. */
  p: number;
}

/**
 * Tests whether `differences` (x − y per image, oriented so that positive means x is better)
 * tend to be positive. With every difference zero there is no evidence either way: p = 1
 * (R would divide by zero there).
 */
export function signedRankGreater(differences: ArrayLike<number>, options: { continuityCorrection?: boolean } = {}): SignedRankTest {
  const magnitudes: number[] = [];
  const positives: number[] = [];
  for (let i = 0; i < differences.length; i++) {
    const d = differences[i]!;
    if (Number.isNaN(d)) throw new RangeError("signedRankGreater: a difference is NaN");
    if (d === 0) continue;
    magnitudes.push(Math.abs(d));
    if (d > 0) positives.push(d);
  }
  // Native numeric sorts, no comparator: each positive difference's rank is found by walking
  // both sorted lists together.
  const sorted = Float64Array.from(magnitudes).sort();
  const sortedPositives = Float64Array.from(positives).sort();
  const n = sorted.length;
  let statistic = 0;
  let tieTerm = 0;
  let next = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    // Positions i+1 … j share their average rank.
    const averageRank = (i + 1 + j) / 2;
    const t = j - i;
    tieTerm += t * t * t - t;
    while (next < sortedPositives.length && sortedPositives[next] === sorted[i]) {
      statistic += averageRank;
      next++;
    }
    i = j;
  }
  if (n === 0) return { statistic: 0, n: 0, p: 1 };
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const correction = (options.continuityCorrection ?? true) ? 0.5 : 0;
  const z = (statistic - (n * (n + 1)) / 4 - correction) / sigma;
  return { statistic, n, p: normalUpperTail(z) };
}
