// Which differences between entries are real: one-sided paired Wilcoxon signed-rank tests on
// per-image scores for pairs of entries, Holm-adjusted over the pairs tested.
import { pairedBootstrapP, type Bootstrap } from "./bootstrap";
import { holmAdjust } from "./holm";
import type { ScoreMatrix } from "./mean-metric";
import { signedRankGreater } from "./wilcoxon";

interface PairTest {
  /** The entry ranked above (an index into the matrix's participants). */
  a: number;
  b: number;
  /** One-sided p-value of "a is better than b". */
  p: number;
  /** p adjusted by Holm's method over every pair tested. */
  pHolm: number;
  /** pHolm < alpha. */
  significant: boolean;
}

/**
 * Tests every pair (a, b) among the first `top` entries of `order` (entries best first), a
 * before b. Differences are oriented so that positive means a is better: a − b, or b − a
 * when lower is better (then p equals R's alternative = "less" on a − b).
 */
export function pairwiseWilcoxon(matrix: ScoreMatrix, order: readonly number[], options: { top: number; higherIsBetter: boolean; alpha: number }): PairTest[] {
  const images = matrix.images.length;
  const { scores } = matrix;
  const tested = order.slice(0, options.top);
  const differences = new Float64Array(images);
  const raw: Array<{ a: number; b: number; p: number }> = [];
  tested.forEach((a, x) => {
    for (const b of tested.slice(x + 1)) {
      for (let i = 0; i < images; i++) {
        const d = scores[a * images + i]! - scores[b * images + i]!;
        differences[i] = options.higherIsBetter ? d : -d;
      }
      raw.push({ a, b, p: signedRankGreater(differences).p });
    }
  });
  return holmPairs(raw, options.alpha);
}

/**
 * The same pairs tested with the paired bootstrap (bootstrap.ts pairedBootstrapP), for
 * metrics that are not a mean of per-image scores, on the resamples of the intervals.
 */
export function pairwiseBootstrap(boot: Bootstrap, order: readonly number[], options: { top: number; alpha: number }): PairTest[] {
  const tested = order.slice(0, options.top);
  const raw = tested.flatMap((a, x) => tested.slice(x + 1).map((b) => ({ a, b, p: pairedBootstrapP(boot, a, b) })));
  return holmPairs(raw, options.alpha);
}

function holmPairs(raw: ReadonlyArray<{ a: number; b: number; p: number }>, alpha: number): PairTest[] {
  const adjusted = holmAdjust(raw.map((pair) => pair.p));
  return raw.map((pair, k) => {
    const pHolm = adjusted[k]!;
    return { ...pair, pHolm, significant: pHolm < alpha };
  });
}

/**
 * The leader (order[0]) and the entries not distinguishable from it: those whose test
 * against the leader is not significant (Holm-adjusted p ≥ alpha), best first. Entries not
 * tested against the leader (outside the tested top) are left out.
 */
export function tiedWithLeader(pairs: readonly PairTest[], order: readonly number[]): number[] {
  const leader = order[0];
  if (leader === undefined) return [];
  const notSignificant = new Set(pairs.filter((pair) => pair.a === leader && !pair.significant).map((pair) => pair.b));
  return order.filter((entry) => entry === leader || notSignificant.has(entry));
}
