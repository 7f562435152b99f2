// Ranks of scores: 1 is the best, and tied scores share the smallest rank of their group
// (R's rank(ties.method = "min"), challengeR's default): scores 0.9, 0.8, 0.8, 0.7 rank
// 1, 2, 2, 4.

/** How many of the ascending `sorted` values are below `value` (or equal to it too, with `orEqual`). */
function countBelow(sorted: Float64Array, value: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid]!;
    if (at < value || (orEqual && at === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Writes each score's rank into `ranks` and returns it. A native sort of the values and a
 * binary search per entry, no comparator callback: that is what makes the bootstrap's 1,000
 * rankings of 1,000 entries cheap. `sorted` is scratch space of the same length as `scores`
 * (reused across calls so nothing is allocated). Scores must not be NaN.
 */
export function minRanks(scores: ArrayLike<number>, higherIsBetter: boolean, ranks: Int32Array, sorted = new Float64Array(scores.length)): Int32Array {
  const n = scores.length;
  if (sorted.length !== n || ranks.length !== n) throw new RangeError("minRanks: ranks and scratch must have one slot per score");
  for (let i = 0; i < n; i++) sorted[i] = scores[i]!;
  sorted.sort();
  for (let i = 0; i < n; i++) {
    const value = scores[i]!;
    // Better means strictly greater (or strictly smaller): rank = 1 + how many are better.
    ranks[i] = 1 + (higherIsBetter ? n - countBelow(sorted, value, true) : countBelow(sorted, value, false));
  }
  return ranks;
}
